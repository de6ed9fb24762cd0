#include <vm/heap_large.h>

namespace mica {

LargeBlockTable::LargeBlockTable(PageSource& source)
    : m_records("heap-large-records", sizeof(Record), alignof(Record), source, 1) {}

// Blocks are page aligned, so the page number is the key; Fibonacci hashing spreads runs of
// neighbouring pages over the buckets.
size_t LargeBlockTable::bucket_of(const void* base) {
    uint64_t page = reinterpret_cast<uintptr_t>(base) / PageSource::kPageSize;
    return size_t((page * 0x9e37'79b9'7f4a'7c15ull) >> (64 - kBucketBits));
}

Result<LargeBlockTable::Record*> LargeBlockTable::reserve() {
    return static_cast<Record*>(TRY(m_records.allocate()));
}

void LargeBlockTable::cancel(Record* record) { m_records.free(record); }

void LargeBlockTable::commit(Record* record, void* base, size_t pages) {
    size_t bucket = bucket_of(base);
    *record = Record{m_buckets[bucket], base, pages};
    m_buckets[bucket] = record;
    ++m_blocks;
    m_pages += pages;
}

Result<size_t> LargeBlockTable::remove(void* base) {
    for (Record** link = &m_buckets[bucket_of(base)]; *link; link = &(*link)->next) {
        Record* record = *link;
        if (record->base != base)
            continue;
        size_t pages = record->pages;
        *link = record->next;
        m_records.free(record);
        --m_blocks;
        m_pages -= pages;
        return pages;
    }
    return Error::NotFound;
}

} // namespace mica
