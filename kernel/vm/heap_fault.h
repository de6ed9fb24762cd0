#pragma once
// How the heap reports misuse it detects: a bad free, a double free, a write to freed memory.
// These are kernel bugs, not errors a caller can handle, so they go to one process-wide handler
// instead of a Result. The kernel installs a handler that panics with the description; host tests
// install one that records the report so they can check the detection and carry on.

#include <lib/types.h>

namespace mica {

enum class HeapFault {
    NotHeapMemory,     // free() of a pointer with no slab header or live large block behind it
    WrongCache,        // the pointer is an object of another slab cache
    NotAnObject,       // inside a slab but not at the start of an object (interior, misaligned)
    DoubleFree,        // the object is already free
    NotAllocated,      // page-aligned pointer that is not a live large block (double free?)
    UseAfterFree,      // a free object's poison was overwritten (debug builds)
    FreeListCorrupted, // a free object's link points outside its slab or at a live object
};

const char* heap_fault_name(HeapFault fault);

struct HeapFaultReport {
    HeapFault fault;
    const void* pointer;
    const char* cache; // the cache that noticed, or "heap"
};

using HeapFaultHandler = void (*)(const HeapFaultReport&);

// Installs `handler` and returns the previous one. Until the kernel installs its own, a fault
// executes a trap instruction, which the trap handler reports with a backtrace: never silent.
HeapFaultHandler set_heap_fault_handler(HeapFaultHandler handler);

void report_heap_fault(HeapFault fault, const void* pointer, const char* cache);

} // namespace mica
