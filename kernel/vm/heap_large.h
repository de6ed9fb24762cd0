#pragma once
// The heap's record of live large blocks (runs of whole pages handed out directly). The record
// lives beside the block, not in it, so a block's pages can go back to the PageSource at once and
// a second free() of the same pointer is still recognised: it is simply not in the table.
//
// A small chained hash table keyed by the block address; the records come from a slab cache.

#include <lib/result.h>
#include <lib/types.h>
#include <vm/slab.h>

namespace mica {

class LargeBlockTable {
public:
    explicit LargeBlockTable(PageSource& source);
    LargeBlockTable(const LargeBlockTable&) = delete;
    LargeBlockTable& operator=(const LargeBlockTable&) = delete;

    struct Record {
        Record* next;
        void* base;
        size_t pages;
    };

    // Takes a record before the block's pages are allocated: a failure then costs nothing to
    // undo. Error::NoMemory when no record can be allocated.
    Result<Record*> reserve();
    void cancel(Record* record);
    // Makes the block at `base` live.
    void commit(Record* record, void* base, size_t pages);
    // Forgets the block at `base` and returns its page count; Error::NotFound when none is live.
    Result<size_t> remove(void* base);

    size_t blocks() const { return m_blocks; }
    size_t pages() const { return m_pages; }
    SlabCache& records() { return m_records; }
    const SlabCache& records() const { return m_records; }

private:
    static constexpr unsigned kBucketBits = 6;
    static constexpr size_t kBuckets = size_t{1} << kBucketBits;
    static size_t bucket_of(const void* base);

    SlabCache m_records;
    Record* m_buckets[kBuckets] = {};
    size_t m_blocks = 0;
    size_t m_pages = 0;
};

} // namespace mica
