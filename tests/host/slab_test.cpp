#include "heap_test_support.h"

#include <algorithm>
#include <cstring>
#include <random>
#include <set>
#include <vector>
#include <vm/slab.h>

using namespace mica;
using namespace mica::test;

namespace {

class SlabTest : public HeapFaultTest {};

std::vector<void*> allocate_n(SlabCache& cache, size_t count) {
    std::vector<void*> objects;
    for (size_t i = 0; i < count; ++i) {
        Result<void*> object = cache.allocate();
        EXPECT_TRUE(object.is_ok());
        if (object.is_ok())
            objects.push_back(object.value());
    }
    return objects;
}

} // namespace

TEST_F(SlabTest, SmallObjectsShareOnePageSlab) {
    SlabCache cache("small", 24, 8, source);
    SlabStats stats = cache.stats();
    EXPECT_EQ(stats.slab_pages, 1u);
    EXPECT_EQ(stats.stride, 24u);
    // A one-page slab loses only its header and the bitmap to bookkeeping.
    EXPECT_GE(stats.objects_per_slab, (4096u - 128u) / 24u);
    EXPECT_EQ(stats.slabs, 0u);
    EXPECT_EQ(source.outstanding_pages(), 0u) << "constructing a cache allocates nothing";
}

TEST_F(SlabTest, LargeObjectsGetMultiPageSlabs) {
    SlabCache cache("large", 3000, 8, source);
    EXPECT_EQ(cache.stats().slab_pages, 8u);
    EXPECT_GE(cache.stats().objects_per_slab, 8u);
    // Objects on every page of the slab free correctly: the header is found by masking.
    std::vector<void*> objects = allocate_n(cache, cache.stats().objects_per_slab);
    EXPECT_EQ(cache.stats().slabs, 1u);
    for (void* object : objects)
        cache.free(object);
    EXPECT_TRUE(faults().empty());
    EXPECT_EQ(cache.stats().objects_in_use, 0u);
}

TEST_F(SlabTest, UnusableParametersFailEveryAllocation) {
    SlabCache zero("zero", 0, 8, source);
    SlabCache odd_alignment("odd", 32, 24, source);
    SlabCache over_aligned("over", 32, 8192, source);
    SlabCache huge("huge", 1 << 20, 8, source);
    SlabCache odd_pages("pages", 32, 8, source, 3);
    for (SlabCache* cache : {&zero, &odd_alignment, &over_aligned, &huge, &odd_pages}) {
        EXPECT_EQ(cache->stats().objects_per_slab, 0u) << cache->name();
        Result<void*> object = cache->allocate();
        ASSERT_TRUE(object.is_error()) << cache->name();
        EXPECT_EQ(object.error(), Error::InvalidArgument);
    }
    EXPECT_EQ(source.outstanding_pages(), 0u);
}

TEST_F(SlabTest, ObjectsHonourTheirAlignment) {
    for (size_t alignment = 8; alignment <= 4096; alignment *= 2) {
        SlabCache cache("aligned", 40, alignment, source);
        ASSERT_GT(cache.stats().objects_per_slab, 0u) << alignment;
        std::vector<void*> objects = allocate_n(cache, 2 * cache.stats().objects_per_slab + 1);
        for (void* object : objects) {
            EXPECT_EQ(reinterpret_cast<uintptr_t>(object) % alignment, 0u) << alignment;
            std::memset(object, 0x5a, 40);
        }
        for (void* object : objects)
            cache.free(object);
        cache.shrink();
        EXPECT_EQ(source.outstanding_pages(), 0u) << alignment;
    }
    EXPECT_TRUE(faults().empty());
}

TEST_F(SlabTest, SlabsMoveBetweenListsAndOnlyOneEmptySlabIsKept) {
    SlabCache cache("lists", 64, 64, source);
    size_t per_slab = cache.stats().objects_per_slab;
    std::vector<void*> objects = allocate_n(cache, 3 * per_slab);
    std::set<void*> distinct(objects.begin(), objects.end());
    EXPECT_EQ(distinct.size(), objects.size());
    EXPECT_EQ(cache.stats().slabs, 3u);
    EXPECT_EQ(cache.stats().objects_in_use, 3 * per_slab);
    EXPECT_EQ(cache.stats().bytes, 3 * 4096u);

    // Freeing one object of a full slab makes it partial, and the next allocation reuses it.
    cache.free(objects[per_slab]);
    Result<void*> again = cache.allocate();
    ASSERT_TRUE(again.is_ok());
    EXPECT_EQ(again.value(), objects[per_slab]);
    EXPECT_EQ(cache.stats().slabs, 3u);

    for (void* object : objects)
        cache.free(object);
    EXPECT_EQ(cache.stats().objects_in_use, 0u);
    EXPECT_EQ(cache.stats().slabs, 1u);
    EXPECT_EQ(cache.stats().empty_slabs, 1u);
    EXPECT_EQ(source.outstanding_pages(), 1u);

    // The cached empty slab serves the next allocation without asking the PageSource.
    Result<void*> reused = cache.allocate();
    ASSERT_TRUE(reused.is_ok());
    EXPECT_EQ(cache.stats().empty_slabs, 0u);
    EXPECT_EQ(source.outstanding_pages(), 1u);
    cache.free(reused.value());
    cache.shrink();
    EXPECT_EQ(cache.stats().slabs, 0u);
    EXPECT_EQ(source.outstanding_pages(), 0u);
    EXPECT_TRUE(faults().empty());
}

TEST_F(SlabTest, RandomOrderKeepsContents) {
    SlabCache cache("random", 200, 16, source, 2);
    std::mt19937 random(7);
    std::vector<std::pair<void*, size_t>> live;
    size_t next_id = 0;
    for (int step = 0; step < 20000; ++step) {
        if (live.empty() || random() % 100 < 55) {
            Result<void*> object = cache.allocate();
            ASSERT_TRUE(object.is_ok());
            fill(object.value(), 200, next_id);
            live.emplace_back(object.value(), next_id++);
        } else {
            size_t victim = random() % live.size();
            ASSERT_TRUE(intact(live[victim].first, 200, live[victim].second));
            cache.free(live[victim].first);
            live[victim] = live.back();
            live.pop_back();
        }
    }
    std::shuffle(live.begin(), live.end(), random);
    for (auto& [object, id] : live) {
        ASSERT_TRUE(intact(object, 200, id));
        cache.free(object);
    }
    cache.shrink();
    EXPECT_EQ(source.outstanding_pages(), 0u);
    EXPECT_TRUE(faults().empty());
}

TEST_F(SlabTest, ExhaustionIsAnErrorAndTheCacheStaysUsable) {
    SlabCache cache("dry", 128, 16, source);
    source.set_limit(3);
    std::vector<void*> objects;
    for (;;) {
        Result<void*> object = cache.allocate();
        if (object.is_error()) {
            EXPECT_EQ(object.error(), Error::NoMemory);
            break;
        }
        objects.push_back(object.value());
    }
    EXPECT_EQ(objects.size(), 3 * cache.stats().objects_per_slab);
    EXPECT_TRUE(cache.allocate().is_error()) << "still dry, still an error";

    cache.free(objects.back());
    objects.pop_back();
    Result<void*> object = cache.allocate();
    ASSERT_TRUE(object.is_ok());
    objects.push_back(object.value());

    for (void* live : objects)
        cache.free(live);
    cache.shrink();
    EXPECT_EQ(source.outstanding_pages(), 0u);
    EXPECT_TRUE(faults().empty());
}

TEST_F(SlabTest, FreeThroughTheWrongCacheIsReported) {
    SlabCache a("a", 32, 16, source);
    SlabCache b("b", 32, 16, source);
    void* object = a.allocate().value();
    b.free(object);
    expect_one_fault(HeapFault::WrongCache, object);
    EXPECT_EQ(faults().size(), 0u);
    EXPECT_EQ(a.stats().objects_in_use, 1u) << "the object is still a's";
    a.free(object);
    EXPECT_TRUE(faults().empty());
    a.shrink();
    b.shrink();
    EXPECT_EQ(source.outstanding_pages(), 0u);
}

TEST_F(SlabTest, InteriorAndMisalignedPointersAreReported) {
    SlabCache cache("interior", 64, 16, source);
    auto* object = static_cast<uint8_t*>(cache.allocate().value());
    cache.free(object + 16);
    expect_one_fault(HeapFault::NotAnObject, object + 16);
    cache.free(object + 1);
    expect_one_fault(HeapFault::NotAnObject, object + 1);
    // Inside the slab header, before the first object.
    auto* header =
        reinterpret_cast<uint8_t*>(align_down(reinterpret_cast<uintptr_t>(object), 4096));
    cache.free(header + 8);
    expect_one_fault(HeapFault::NotAnObject, header + 8);
    EXPECT_EQ(cache.stats().objects_in_use, 1u);
    cache.free(object);
    EXPECT_TRUE(faults().empty());
}

TEST_F(SlabTest, MemoryWithoutASlabHeaderIsReported) {
    void* page = std::aligned_alloc(4096, 4096);
    std::memset(page, 0, 4096);
    SlabCache cache("foreign", 64, 16, source);
    cache.free(static_cast<uint8_t*>(page) + 64);
    expect_one_fault(HeapFault::NotHeapMemory, static_cast<uint8_t*>(page) + 64);
    std::free(page);
}

TEST_F(SlabTest, DoubleFreeIsDetectedExactly) {
    SlabCache cache("double", 48, 16, source);
    void* first = cache.allocate().value();
    void* second = cache.allocate().value();
    cache.free(first);
    cache.free(first);
    expect_one_fault(HeapFault::DoubleFree, first);
    EXPECT_EQ(cache.stats().objects_in_use, 1u);
    // The free list was not corrupted by the rejected free: two allocations, two objects.
    void* a = cache.allocate().value();
    void* b = cache.allocate().value();
    EXPECT_NE(a, b);
    EXPECT_NE(a, second);
    EXPECT_NE(b, second);
    for (void* object : {a, b, second})
        cache.free(object);
    EXPECT_TRUE(faults().empty());
}

TEST_F(SlabTest, CorruptedFreeListLinkIsReportedAndRepaired) {
    SlabCache cache("links", 64, 16, source);
    std::vector<void*> objects = allocate_n(cache, 4);
    cache.free(objects[3]);
    cache.free(objects[2]); // the free list now starts objects[2] -> objects[3] -> ...
    // A stale pointer writes over the link of a free object.
    *static_cast<uintptr_t*>(objects[2]) = 0x1234;
    void* reused = cache.allocate().value();
    EXPECT_EQ(reused, objects[2]);
    expect_one_fault(HeapFault::FreeListCorrupted, objects[2]);

    // Rebuilt from the bitmap: every remaining object is handed out once.
    size_t remaining = cache.stats().objects_per_slab - cache.stats().objects_in_use;
    std::vector<void*> rest = allocate_n(cache, remaining);
    rest.insert(rest.end(), {objects[0], objects[1], reused});
    std::set<void*> distinct(rest.begin(), rest.end());
    EXPECT_EQ(distinct.size(), rest.size());
    EXPECT_EQ(cache.stats().slabs, 1u);
    for (void* object : rest)
        cache.free(object);
    EXPECT_TRUE(faults().empty());
}

#ifdef MICA_DEBUG

TEST_F(SlabTest, DebugFreedObjectsArePoisoned) {
    SlabCache cache("poison", 64, 16, source);
    void* keep = cache.allocate().value();
    auto* object = static_cast<uint8_t*>(cache.allocate().value());
    std::memset(object, 0, 64);
    cache.free(object);
    for (size_t i = sizeof(void*); i < 64; ++i)
        ASSERT_EQ(object[i], SlabCache::kPoison) << i;
    cache.free(keep);
    EXPECT_TRUE(faults().empty());
}

TEST_F(SlabTest, DebugWriteAfterFreeIsReportedOnReuse) {
    SlabCache cache("uaf", 64, 16, source);
    void* keep = cache.allocate().value();
    auto* object = static_cast<uint8_t*>(cache.allocate().value());
    cache.free(object);
    object[40] = 1; // through a stale pointer
    void* again = cache.allocate().value();
    EXPECT_EQ(again, object);
    expect_one_fault(HeapFault::UseAfterFree, object);
    cache.free(again);
    cache.free(keep);
    EXPECT_TRUE(faults().empty());
}

#endif

TEST_F(SlabTest, DestructorReturnsEmptySlabs) {
    {
        SlabCache cache("scoped", 96, 16, source);
        void* object = cache.allocate().value();
        cache.free(object);
        EXPECT_EQ(source.outstanding_pages(), 1u);
    }
    EXPECT_EQ(source.outstanding_pages(), 0u);
}
