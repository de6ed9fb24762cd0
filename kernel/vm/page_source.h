#pragma once
// Where the kernel heap gets its memory: runs of whole 4 KiB pages. In the kernel a PageSource is
// backed by the frame allocator and the direct map; host tests back it with aligned_alloc and
// count what is outstanding, and the in-kernel tests carve pages out of a static buffer.

#include <lib/result.h>
#include <lib/types.h>

namespace mica {

class PageSource {
public:
    static constexpr size_t kPageSize = 4096;

    // `count` contiguous pages, 4 KiB aligned. When `count` is a power of two the run must be
    // aligned to its own size (a buddy allocator gives that for free): multi-page slabs find their
    // header by masking an object's address. Error::NoMemory when nothing is left.
    virtual Result<void*> allocate_pages(size_t count) = 0;

    // Returns a run from allocate_pages() with the same count.
    virtual void free_pages(void* pages, size_t count) = 0;

protected:
    // Not virtual: sources are never deleted through this interface (the kernel has no delete).
    ~PageSource() = default;
};

} // namespace mica
