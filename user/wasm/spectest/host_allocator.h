#pragma once
// The runtime's Allocator over the C heap, for host tools and tests. Refuses single allocations
// above `limit` (so a test growing a memory towards 4 GiB sees memory.grow fail with -1, as the
// spec allows, instead of the host running out).

#include <wasm/allocator.h>

#include <cstdlib>

namespace mica::wasm::spectest {

class HostAllocator final : public Allocator {
public:
    explicit HostAllocator(size_t limit = size_t(1) << 30) : m_limit(limit) {}

    void* allocate(size_t size, size_t alignment) override {
        if (size > m_limit)
            return nullptr;
        void* pointer = nullptr;
        if (alignment < sizeof(void*))
            alignment = sizeof(void*);
        if (posix_memalign(&pointer, alignment, size ? size : 1) != 0)
            return nullptr;
        return pointer;
    }
    void deallocate(void* pointer, size_t) override { free(pointer); }

private:
    size_t m_limit;
};

} // namespace mica::wasm::spectest
