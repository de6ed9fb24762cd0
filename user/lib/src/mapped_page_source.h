#pragma once
// Where libmica's heap gets its pages: memory objects mapped into the process's own address space
// (the SelfAddressSpace startup handle), handed out as runs of pages from a free list.
//
// The free list is sorted by address and each free run keeps its link and length in its own
// first page, so it needs no memory of its own; a freed run merges with the free runs on either
// side. Chunks are never unmapped: freed pages go back to the list and serve the next request.
//
// Alignment: PageSource asks that a power-of-two run be aligned to its size, which only matters
// for multi-page slabs (the slab header is found by masking). Runs of up to kMaxAlignedPages
// honour it; larger runs (the heap's large blocks, which never need it) are page aligned only,
// so a 16 MiB block does not cost a 16 MiB-aligned hole.
//
// Not thread-safe: heap.cpp calls it under the heap lock.

#include <lib/result.h>
#include <lib/types.h>
#include <vm/page_source.h>

namespace mica {

class MappedPageSource final : public PageSource {
public:
    static constexpr size_t kMaxAlignedPages = 16;       // SlabCache::kMaxSlabPages
    static constexpr size_t kMinChunkPages = 256;        // 1 MiB
    static constexpr size_t kMaxChunkGrowthPages = 4096; // 16 MiB
    static constexpr size_t kMaxChunks = 1024;

    // `address_space` is the handle the chunks are mapped through (needs the map right).
    explicit MappedPageSource(uint64_t address_space) : m_address_space(address_space) {}

    Result<void*> allocate_pages(size_t count) override;
    void free_pages(void* pages, size_t count) override;

    // True if `pointer` lies in memory this source mapped: the heap checks this before it reads
    // the slab header a pointer would have, so a wild free() is reported instead of faulting.
    bool contains(const void* pointer) const;

    size_t mapped_pages() const { return m_mapped_pages; }
    size_t free_pages_count() const { return m_free_pages; }
    size_t chunk_count() const { return m_chunk_count; }

private:
    struct FreeRun {
        FreeRun* next;
        size_t pages;
    };
    struct Chunk {
        uintptr_t base;
        size_t bytes;
    };

    void* take_from_list(size_t count, size_t alignment);
    Result<void> grow(size_t count);
    // Inserts [base, base + pages) into the free list, merging with its neighbours. False (and
    // nothing changed) if it overlaps a run that is already free.
    bool insert_free(uintptr_t base, size_t pages);

    uint64_t m_address_space;
    FreeRun* m_free = nullptr;
    Chunk m_chunks[kMaxChunks] = {};
    size_t m_chunk_count = 0;
    size_t m_mapped_pages = 0;
    size_t m_free_pages = 0;
};

} // namespace mica
