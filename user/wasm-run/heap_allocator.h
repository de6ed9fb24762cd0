#pragma once
// The runtime's Allocator (compiled code, linear memories, tables, the interpreter's stacks) over
// libmica's heap, which maps memory objects into this process as it grows. Running out is a
// nullptr the runtime reports (Error::NoMemory, memory.grow's -1), never a crash.

#include <mica/heap.h>
#include <wasm/allocator.h>

namespace mica::wasm_run {

class HeapAllocator final : public wasm::Allocator {
public:
    void* allocate(size_t size, size_t alignment) override {
        return heap_allocate(size, alignment);
    }
    void deallocate(void* pointer, size_t) override { heap_free(pointer); }
};

} // namespace mica::wasm_run
