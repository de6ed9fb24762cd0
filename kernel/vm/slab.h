#pragma once
// A slab cache: many objects of one size carved out of page runs ("slabs") from a PageSource.
//
// Each slab starts with a header (owner, list links, free list, a bitmap with one bit per object
// that is set while the object is allocated); the objects follow. Slabs are naturally aligned
// power-of-two page runs, so free() finds the header by masking the pointer: O(1), and exact
// checks follow from it. A free() of a pointer that is not a live object of this cache (another
// cache's object, an interior or misaligned pointer, a double free) is reported through
// report_heap_fault(); the bitmap makes double-free detection exact in every build.
//
// Slabs sit on one of three lists: partial (allocate from these first), full, and empty. One empty
// slab is kept to absorb alloc/free churn at a boundary; further empty slabs go back to the
// PageSource at once.
//
// With MICA_DEBUG, free objects are filled with kPoison and allocate() checks the fill is intact,
// so a write through a stale pointer is reported when the object is next handed out.
//
// Not thread-safe (single CPU for now); see Heap for where the lock goes.

#include <lib/result.h>
#include <lib/types.h>
#include <vm/page_source.h>

namespace mica {

struct SlabHeader;

struct SlabStats {
    const char* name = nullptr;
    size_t object_size = 0;      // as requested
    size_t stride = 0;           // bytes between objects: the size rounded up for alignment
    size_t objects_per_slab = 0; // 0 when the parameters were unusable
    size_t slab_pages = 0;
    size_t objects_in_use = 0;
    size_t slabs = 0; // all slabs the cache holds, including the cached empty one
    size_t empty_slabs = 0;
    size_t bytes = 0; // page memory held: slabs * slab_pages * 4 KiB
};

class SlabCache {
public:
    static constexpr uint8_t kPoison = 0xde;
    static constexpr size_t kMaxSlabPages = 16;
    static constexpr size_t kMaxAlignment = PageSource::kPageSize;

    // `alignment` must be a power of two up to 4 KiB. `slab_pages` is a power of two up to
    // kMaxSlabPages, or 0 to choose the smallest slab that holds at least 8 objects. Unusable
    // parameters make every allocate() fail with Error::InvalidArgument (see stats()).
    SlabCache(const char* name, size_t object_size, size_t alignment, PageSource& source,
              size_t slab_pages = 0);
    // Returns the empty slabs. Slabs with live objects stay with their owners (a leak).
    ~SlabCache();
    SlabCache(const SlabCache&) = delete;
    SlabCache& operator=(const SlabCache&) = delete;

    // An object of object_size bytes aligned as asked. Error::NoMemory when the PageSource is
    // exhausted; the cache stays consistent and later calls may succeed.
    Result<void*> allocate();
    // Returns an object from allocate(). nullptr is ignored; anything else that is not a live
    // object of this cache is reported and left alone.
    void free(void* object);

    // Returns every empty slab to the PageSource, including the one kept for churn.
    void shrink();

    SlabStats stats() const;
    const char* name() const { return m_name; }
    size_t object_size() const { return m_object_size; }
    size_t alignment() const { return m_alignment; }
    size_t slab_bytes() const { return m_slab_pages * PageSource::kPageSize; }

    // The cache that owns the slab `object` would be in if slabs were `slab_bytes` large, or
    // nullptr when no valid slab header is there. Lets the heap route a free() to its cache.
    static SlabCache* owner_of(const void* object, size_t slab_bytes);

private:
    enum class ListId : uint32_t { Partial, Full, Empty, None };

    bool compute_layout(size_t slab_pages);
    Result<SlabHeader*> grow();
    void release(SlabHeader* slab);
    void unlink(SlabHeader* slab);
    void move(SlabHeader* slab, ListId to);
    SlabHeader*& head(ListId list);
    uint64_t* bitmap(SlabHeader* slab) const;
    uint8_t* object_at(SlabHeader* slab, size_t index) const;
    static constexpr size_t kNotAnObject = ~size_t{0};
    // Index of `object` in `slab`, or kNotAnObject when it does not start one of its objects.
    size_t index_of(SlabHeader* slab, const void* object) const;
    bool link_is_valid(SlabHeader* slab, void* link) const;
    void rebuild_free_list(SlabHeader* slab);
    void poison(void* object) const;
    void check_poison(void* object) const;

    const char* m_name;
    size_t m_object_size;
    size_t m_alignment;
    size_t m_stride = 0;
    size_t m_slab_pages = 0;
    size_t m_objects_per_slab = 0;
    size_t m_first_offset = 0; // of object 0 from the slab start
    size_t m_bitmap_words = 0;
    PageSource& m_source;

    SlabHeader* m_partial = nullptr;
    SlabHeader* m_full = nullptr;
    SlabHeader* m_empty = nullptr;
    size_t m_slabs = 0;
    size_t m_empty_slabs = 0;
    size_t m_objects_in_use = 0;
};

} // namespace mica
