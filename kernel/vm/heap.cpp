#include <lib/align.h>
#include <vm/heap.h>
#include <vm/heap_fault.h>

namespace mica {

namespace {

struct SizeClass {
    size_t size;
    size_t alignment;
    const char* name;
};

// Powers of two, aligned to their size, and the sizes halfway between them. The last two hold
// three and two objects in a page after the slab header (Heap tests check the fit).
constexpr SizeClass kSizeClasses[Heap::kClassCount] = {
    {16, 16, "heap-16"},     {32, 32, "heap-32"},     {48, 16, "heap-48"},
    {64, 64, "heap-64"},     {96, 16, "heap-96"},     {128, 128, "heap-128"},
    {192, 16, "heap-192"},   {256, 256, "heap-256"},  {384, 16, "heap-384"},
    {512, 512, "heap-512"},  {768, 16, "heap-768"},   {1024, 1024, "heap-1024"},
    {1344, 16, "heap-1344"}, {2016, 16, "heap-2016"},
};
static_assert(kSizeClasses[Heap::kClassCount - 1].size == Heap::kMaxSlabSize);

constexpr size_t kPageSize = PageSource::kPageSize;

} // namespace

// Every class uses one-page slabs: that is what lets free() find a slab header by masking to the
// page, and tell slab objects (never page aligned) from large blocks (always page aligned).
SlabCache Heap::make_class(size_t index, PageSource& source) {
    const SizeClass& size_class = kSizeClasses[index];
    return SlabCache(size_class.name, size_class.size, size_class.alignment, source, 1);
}

// SlabCache cannot be copied or moved; the prvalues initialise the array elements in place.
Heap::Heap(PageSource& source)
    : m_source(source),
      m_classes{make_class(0, source),  make_class(1, source),  make_class(2, source),
                make_class(3, source),  make_class(4, source),  make_class(5, source),
                make_class(6, source),  make_class(7, source),  make_class(8, source),
                make_class(9, source),  make_class(10, source), make_class(11, source),
                make_class(12, source), make_class(13, source)},
      m_large(source) {}

// A linear scan: fourteen entries, and the first fit is the smallest.
size_t Heap::class_for(size_t size, size_t alignment) {
    for (size_t i = 0; i < kClassCount; ++i) {
        if (kSizeClasses[i].size >= size && kSizeClasses[i].alignment >= alignment)
            return i;
    }
    return kClassCount;
}

Result<void*> Heap::allocate(size_t size, size_t alignment) {
    // Issue 4 (SMP): take the heap lock here (or per size class, with per-CPU magazines later).
    if (!is_power_of_two(alignment) || alignment > kMaxAlignment)
        return Error::InvalidArgument;
    if (alignment < kMinAlignment)
        alignment = kMinAlignment;
    if (size == 0)
        size = 1; // a unique object, as documented in heap.h
    size_t index = class_for(size, alignment);
    if (index < kClassCount)
        return m_classes[index].allocate();
    return allocate_large(size);
}

// Whole pages are aligned to 4 KiB, the largest alignment allowed, so only the size matters.
Result<void*> Heap::allocate_large(size_t size) {
    if (size > ~size_t{0} - (kPageSize - 1))
        return Error::NoMemory;
    size_t pages = align_up(size, kPageSize) / kPageSize;
    LargeBlockTable::Record* record = TRY(m_large.reserve());
    Result<void*> block = m_source.allocate_pages(pages);
    if (block.is_error()) {
        m_large.cancel(record);
        return block.error();
    }
    m_large.commit(record, block.value(), pages);
    return block.value();
}

void Heap::free(void* pointer) {
    if (!pointer)
        return;
    if (is_aligned(reinterpret_cast<uintptr_t>(pointer), kPageSize)) {
        free_large(pointer);
        return;
    }
    SlabCache* owner = class_of(pointer);
    if (!owner) {
        report_heap_fault(SlabCache::owner_of(pointer, kPageSize) ? HeapFault::WrongCache
                                                                  : HeapFault::NotHeapMemory,
                          pointer, "heap");
        return;
    }
    owner->free(pointer);
}

// The size class whose slab holds `pointer`, or nullptr when it is not one of ours.
SlabCache* Heap::class_of(void* pointer) {
    SlabCache* owner = SlabCache::owner_of(pointer, kPageSize);
    for (SlabCache& cache : m_classes) {
        if (&cache == owner)
            return owner;
    }
    return nullptr;
}

void Heap::free_large(void* pointer) {
    Result<size_t> pages = m_large.remove(pointer);
    if (pages.is_error()) {
        report_heap_fault(HeapFault::NotAllocated, pointer, "heap");
        return;
    }
#ifdef MICA_DEBUG
    // The pages go straight back, so there is nothing to check later; poison still makes a read
    // through a stale pointer obvious until the pages are reused.
    __builtin_memset(pointer, SlabCache::kPoison, pages.value() * kPageSize);
#endif
    m_source.free_pages(pointer, pages.value());
}

void Heap::shrink() {
    for (SlabCache& cache : m_classes)
        cache.shrink();
    m_large.records().shrink();
}

HeapStats Heap::stats() const {
    HeapStats stats;
    for (const SlabCache& cache : m_classes) {
        SlabStats slab = cache.stats();
        stats.slab_objects += slab.objects_in_use;
        stats.slab_bytes += slab.bytes;
    }
    stats.large_blocks = m_large.blocks();
    stats.large_pages = m_large.pages();
    stats.overhead_bytes = m_large.records().stats().bytes;
    return stats;
}

} // namespace mica
