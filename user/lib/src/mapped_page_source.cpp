#include "mapped_page_source.h"

#include <abi/user_syscalls.h>
#include <lib/align.h>
#include <vm/heap_fault.h>

namespace mica {

Result<void*> MappedPageSource::allocate_pages(size_t count) {
    if (count == 0 || count > (~size_t{0} / kPageSize) / 2)
        return Error::NoMemory;
    size_t alignment = kPageSize;
    if (count <= kMaxAlignedPages && is_power_of_two(count))
        alignment = count * kPageSize;
    if (void* run = take_from_list(count, alignment))
        return run;
    TRY(grow(count));
    if (void* run = take_from_list(count, alignment))
        return run;
    return Error::NoMemory; // unreachable unless the kernel mapped less than it said
}

// First fit. The part of a run before the aligned start stays in the list as a shorter run; the
// part after it becomes a new run in the same place, so the list stays sorted.
void* MappedPageSource::take_from_list(size_t count, size_t alignment) {
    FreeRun** link = &m_free;
    for (FreeRun* run = m_free; run; link = &run->next, run = run->next) {
        uintptr_t base = uintptr_t(run);
        uintptr_t end = base + run->pages * kPageSize;
        uintptr_t start = align_up(base, alignment);
        if (start < base || start >= end || (end - start) / kPageSize < count)
            continue;
        uintptr_t taken_end = start + count * kPageSize;
        FreeRun* after = run->next;
        if (taken_end < end) {
            auto* rest = reinterpret_cast<FreeRun*>(taken_end);
            rest->next = after;
            rest->pages = (end - taken_end) / kPageSize;
            after = rest;
        }
        if (start > base) {
            run->pages = (start - base) / kPageSize;
            run->next = after;
        } else {
            *link = after;
        }
        m_free_pages -= count;
        return reinterpret_cast<void*>(start);
    }
    return nullptr;
}

// A new chunk: at least 1 MiB, larger as the heap grows (fewer, bigger mappings), and exactly
// the request when that is bigger still (a large block gets a mapping of its own size).
Result<void> MappedPageSource::grow(size_t count) {
    if (m_chunk_count == kMaxChunks)
        return Error::NoMemory;
    size_t pages = kMinChunkPages;
    if (m_mapped_pages / 4 > pages)
        pages =
            m_mapped_pages / 4 < kMaxChunkGrowthPages ? m_mapped_pages / 4 : kMaxChunkGrowthPages;
    // A power-of-two run up to kMaxAlignedPages always fits aligned in kMinChunkPages.
    if (count > pages)
        pages = count;
    uint64_t bytes = uint64_t(pages) * kPageSize;
    abi::Handle memory = abi::Handle(abi::kHandleInvalid);
    if (sys::memory_object_create(bytes, 0, &memory) != abi::Status::Ok)
        return Error::NoMemory;
    uint64_t mapped = 0;
    abi::Status status =
        sys::address_space_map(abi::Handle(m_address_space), memory, 0, bytes, 0,
                               abi::map_flags::kRead | abi::map_flags::kWrite, &mapped);
    // The mapping keeps the memory object alive; the handle is not needed any more.
    (void)sys::handle_close(memory);
    if (status != abi::Status::Ok)
        return Error::NoMemory;
    m_chunks[m_chunk_count++] = Chunk{uintptr_t(mapped), size_t(bytes)};
    m_mapped_pages += pages;
    insert_free(uintptr_t(mapped), pages);
    return {};
}

void MappedPageSource::free_pages(void* pages, size_t count) {
    uintptr_t base = uintptr_t(pages);
    if (count == 0 || !is_aligned(base, kPageSize) || !contains(pages) ||
        !contains(reinterpret_cast<void*>(base + count * kPageSize - 1))) {
        report_heap_fault(HeapFault::NotHeapMemory, pages, "heap pages");
        return;
    }
    if (!insert_free(base, count))
        report_heap_fault(HeapFault::DoubleFree, pages, "heap pages");
}

bool MappedPageSource::insert_free(uintptr_t base, size_t pages) {
    uintptr_t end = base + pages * kPageSize;
    FreeRun* before = nullptr;
    FreeRun* after = m_free;
    while (after && uintptr_t(after) < base) {
        before = after;
        after = after->next;
    }
    bool overlaps_before = before && uintptr_t(before) + before->pages * kPageSize > base;
    bool overlaps_after = after && uintptr_t(after) < end;
    if (overlaps_before || overlaps_after)
        return false;
    m_free_pages += pages;
    auto* run = reinterpret_cast<FreeRun*>(base);
    run->pages = pages;
    run->next = after;
    if (after && uintptr_t(after) == end) {
        run->pages += after->pages;
        run->next = after->next;
    }
    if (before && uintptr_t(before) + before->pages * kPageSize == base) {
        before->pages += run->pages;
        before->next = run->next;
    } else if (before) {
        before->next = run;
    } else {
        m_free = run;
    }
    return true;
}

bool MappedPageSource::contains(const void* pointer) const {
    uintptr_t address = uintptr_t(pointer);
    for (size_t i = 0; i < m_chunk_count; ++i) {
        if (address - m_chunks[i].base < m_chunks[i].bytes)
            return true;
    }
    return false;
}

} // namespace mica
