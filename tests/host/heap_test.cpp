#include "heap_test_support.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <random>
#include <set>
#include <vector>
#include <vm/heap.h>
#include <vm/heap_global.h>

using namespace mica;
using namespace mica::test;

namespace {

class HeapTest : public HeapFaultTest {
protected:
    Heap heap{source};

    // Frees everything and checks that every page went back to the PageSource.
    void expect_all_returned() {
        heap.shrink();
        EXPECT_EQ(source.outstanding_pages(), 0u);
        HeapStats stats = heap.stats();
        EXPECT_EQ(stats.slab_objects, 0u);
        EXPECT_EQ(stats.large_blocks, 0u);
        EXPECT_EQ(stats.slab_bytes + stats.overhead_bytes, 0u);
    }
};

} // namespace

TEST_F(HeapTest, SizeClassesFitTheirPages) {
    size_t previous = 0;
    for (size_t i = 0; i < Heap::kClassCount; ++i) {
        SlabStats stats = heap.size_class(i).stats();
        EXPECT_GT(stats.object_size, previous);
        previous = stats.object_size;
        EXPECT_EQ(stats.slab_pages, 1u) << stats.name;
        EXPECT_GE(stats.objects_per_slab, 2u) << stats.name;
        // No class wastes more than a quarter of its page.
        EXPECT_GE(stats.objects_per_slab * stats.object_size * 4, 4096u * 3) << stats.name;
    }
    EXPECT_EQ(heap.size_class(Heap::kClassCount - 1).stats().objects_per_slab, 2u);
    EXPECT_EQ(heap.size_class(Heap::kClassCount - 2).stats().objects_per_slab, 3u);
    EXPECT_EQ(previous, Heap::kMaxSlabSize);
}

TEST_F(HeapTest, RequestsGoToTheSmallestFittingClass) {
    auto size_of_class = [&](size_t size, size_t alignment) {
        size_t index = Heap::class_for(size, alignment);
        return index == Heap::kClassCount ? size_t(0) : heap.size_class(index).object_size();
    };
    EXPECT_EQ(size_of_class(1, 16), 16u);
    EXPECT_EQ(size_of_class(16, 16), 16u);
    EXPECT_EQ(size_of_class(17, 16), 32u);
    EXPECT_EQ(size_of_class(33, 16), 48u);
    EXPECT_EQ(size_of_class(100, 16), 128u);
    EXPECT_EQ(size_of_class(100, 128), 128u);
    EXPECT_EQ(size_of_class(40, 64), 64u) << "48 is only 16-aligned";
    EXPECT_EQ(size_of_class(1025, 16), 1344u);
    EXPECT_EQ(size_of_class(2016, 16), 2016u);
    EXPECT_EQ(size_of_class(2017, 16), 0u) << "a large block";
    EXPECT_EQ(size_of_class(16, 2048), 0u) << "over-aligned: a large block";
}

TEST_F(HeapTest, AlignmentIsHonouredForEverySizeKind) {
    std::vector<void*> blocks;
    for (size_t alignment = 8; alignment <= 4096; alignment *= 2) {
        for (size_t size : {1, 24, 100, 1000, 2000, 3000, 5000, 20000}) {
            Result<void*> block = heap.allocate(size, alignment);
            ASSERT_TRUE(block.is_ok()) << size << " " << alignment;
            EXPECT_EQ(reinterpret_cast<uintptr_t>(block.value()) % alignment, 0u)
                << size << " " << alignment;
            EXPECT_EQ(reinterpret_cast<uintptr_t>(block.value()) % 16, 0u) << "at least 16";
            std::memset(block.value(), 0x77, size);
            blocks.push_back(block.value());
        }
    }
    for (void* block : blocks)
        heap.free(block);
    EXPECT_TRUE(faults().empty());
    expect_all_returned();
}

TEST_F(HeapTest, BadAlignmentIsAnError) {
    for (size_t alignment : {size_t(0), size_t(3), size_t(24), size_t(8192), size_t(1) << 40}) {
        Result<void*> block = heap.allocate(64, alignment);
        ASSERT_TRUE(block.is_error()) << alignment;
        EXPECT_EQ(block.error(), Error::InvalidArgument);
    }
    EXPECT_EQ(source.outstanding_pages(), 0u);
}

TEST_F(HeapTest, ZeroBytesGiveUniqueFreeablePointers) {
    std::set<void*> blocks;
    for (int i = 0; i < 100; ++i) {
        Result<void*> block = heap.allocate(0);
        ASSERT_TRUE(block.is_ok());
        EXPECT_NE(block.value(), nullptr);
        blocks.insert(block.value());
    }
    EXPECT_EQ(blocks.size(), 100u);
    for (void* block : blocks)
        heap.free(block);
    EXPECT_TRUE(faults().empty());
    expect_all_returned();
}

TEST_F(HeapTest, OverflowingSizesAreErrorsNotWraparound) {
    for (size_t size : {SIZE_MAX, SIZE_MAX - 1, SIZE_MAX - 4095, SIZE_MAX - 4096, SIZE_MAX / 2}) {
        Result<void*> block = heap.allocate(size);
        ASSERT_TRUE(block.is_error()) << size;
        EXPECT_EQ(block.error(), Error::NoMemory);
        EXPECT_TRUE(heap.allocate(size, 4096).is_error());
    }
    EXPECT_EQ(heap.stats().large_blocks, 0u);
    expect_all_returned();
}

TEST_F(HeapTest, LargeBlocksAreWholePagesAndGoBackAtOnce) {
    void* block = heap.allocate(3 * 4096 + 1).value();
    EXPECT_EQ(reinterpret_cast<uintptr_t>(block) % 4096, 0u);
    EXPECT_EQ(heap.stats().large_blocks, 1u);
    EXPECT_EQ(heap.stats().large_pages, 4u);
    std::memset(block, 1, 3 * 4096 + 1);
    size_t before = source.outstanding_pages();
    heap.free(block);
    EXPECT_EQ(source.outstanding_pages(), before - 4);
    EXPECT_TRUE(faults().empty());
    expect_all_returned();
}

TEST_F(HeapTest, MixedSizesFreedInRandomOrderKeepTheirContents) {
    std::mt19937 random(42);
    auto random_size = [&]() -> size_t {
        switch (random() % 10) {
        case 0: return 2017 + random() % 20000; // large blocks
        case 1:
        case 2: return 257 + random() % 1760;
        default: return random() % 257;
        }
    };
    struct Live {
        void* block;
        size_t size;
        size_t id;
    };
    std::vector<Live> live;
    size_t next_id = 0;
    for (int step = 0; step < 30000; ++step) {
        if (live.size() < 50 || (live.size() < 2000 && random() % 100 < 52)) {
            size_t size = random_size();
            size_t alignment = size_t(1) << (random() % 13); // 1 .. 4096
            Result<void*> block = heap.allocate(size, alignment);
            ASSERT_TRUE(block.is_ok()) << size << " " << alignment;
            ASSERT_EQ(reinterpret_cast<uintptr_t>(block.value()) % alignment, 0u);
            fill(block.value(), size, next_id);
            live.push_back({block.value(), size, next_id++});
        } else {
            size_t victim = random() % live.size();
            ASSERT_TRUE(intact(live[victim].block, live[victim].size, live[victim].id));
            heap.free(live[victim].block);
            live[victim] = live.back();
            live.pop_back();
        }
    }
    std::shuffle(live.begin(), live.end(), random);
    for (const Live& entry : live) {
        ASSERT_TRUE(intact(entry.block, entry.size, entry.id));
        heap.free(entry.block);
    }
    EXPECT_TRUE(faults().empty());
    expect_all_returned();
}

TEST_F(HeapTest, ExhaustionGivesErrorsAndLeavesTheHeapConsistent) {
    std::mt19937 random(3);
    for (size_t limit : {0, 1, 2, 5, 17, 64}) {
        source.set_limit(limit);
        std::vector<std::pair<void*, size_t>> blocks;
        size_t errors = 0;
        for (int i = 0; i < 2000; ++i) {
            size_t size = random() % 4 == 0 ? 2017 + random() % 9000 : 1 + random() % 2016;
            Result<void*> block = heap.allocate(size);
            if (block.is_error()) {
                EXPECT_EQ(block.error(), Error::NoMemory);
                ++errors;
                continue;
            }
            fill(block.value(), size, blocks.size());
            blocks.emplace_back(block.value(), size);
        }
        EXPECT_GT(errors, 0u) << limit;
        EXPECT_LE(source.outstanding_pages(), limit);
        for (size_t i = 0; i < blocks.size(); ++i) {
            ASSERT_TRUE(intact(blocks[i].first, blocks[i].second, i)) << limit;
            heap.free(blocks[i].first);
        }
        expect_all_returned();
        // Memory back: the same heap works again.
        source.set_limit(SIZE_MAX);
        void* block = heap.allocate(5000).value();
        heap.free(block);
        expect_all_returned();
    }
    EXPECT_TRUE(faults().empty());
}

TEST_F(HeapTest, BadFreesAreReported) {
    // An object of the 64-byte class, freed at an interior address.
    auto* object = static_cast<uint8_t*>(heap.allocate(64).value());
    heap.free(object + 8);
    expect_one_fault(HeapFault::NotAnObject, object + 8);

    // A slab object of a cache the heap does not own.
    SlabCache other("other", 64, 16, source, 1);
    void* foreign = other.allocate().value();
    heap.free(foreign);
    expect_one_fault(HeapFault::WrongCache, foreign);
    other.free(foreign);

    // Memory the heap never saw, page aligned and not.
    void* page = std::aligned_alloc(4096, 4096);
    std::memset(page, 0, 4096);
    heap.free(page);
    expect_one_fault(HeapFault::NotAllocated, page);
    heap.free(static_cast<uint8_t*>(page) + 32);
    expect_one_fault(HeapFault::NotHeapMemory, static_cast<uint8_t*>(page) + 32);
    std::free(page);

    // The second page of a large block.
    auto* large = static_cast<uint8_t*>(heap.allocate(3 * 4096).value());
    heap.free(large + 4096);
    expect_one_fault(HeapFault::NotAllocated, large + 4096);

    EXPECT_EQ(heap.stats().slab_objects, 1u);
    EXPECT_EQ(heap.stats().large_blocks, 1u);
    heap.free(object);
    heap.free(large);
    heap.free(nullptr);
    EXPECT_TRUE(faults().empty());
    other.shrink();
    expect_all_returned();
}

TEST_F(HeapTest, DoubleFreesAreDetected) {
    void* keep = heap.allocate(100).value(); // keeps the slab (and its header) alive
    void* object = heap.allocate(100).value();
    heap.free(object);
    heap.free(object);
    expect_one_fault(HeapFault::DoubleFree, object);

    void* large = heap.allocate(10000).value();
    heap.free(large);
    heap.free(large);
    expect_one_fault(HeapFault::NotAllocated, large);

    heap.free(keep);
    EXPECT_TRUE(faults().empty());
    expect_all_returned();
}

namespace {

struct Tracked {
    static inline int constructed = 0;
    static inline int destroyed = 0;
    Tracked(int a, int b) : sum(a + b) { ++constructed; }
    ~Tracked() { ++destroyed; }
    int sum;
    char payload[100];
};

struct alignas(256) OverAligned {
    uint64_t value = 99;
};

struct alignas(8192) TooAligned {
    char byte;
};

} // namespace

TEST_F(HeapTest, MakeAndDestroyRunConstructorsAndDestructors) {
    Tracked::constructed = Tracked::destroyed = 0;
    Result<Tracked*> tracked = heap.make<Tracked>(2, 3);
    ASSERT_TRUE(tracked.is_ok());
    EXPECT_EQ(tracked.value()->sum, 5);
    EXPECT_EQ(Tracked::constructed, 1);
    heap.destroy(tracked.value());
    EXPECT_EQ(Tracked::destroyed, 1);

    Result<OverAligned*> aligned = heap.make<OverAligned>();
    ASSERT_TRUE(aligned.is_ok());
    EXPECT_EQ(reinterpret_cast<uintptr_t>(aligned.value()) % 256, 0u);
    EXPECT_EQ(aligned.value()->value, 99u);
    heap.destroy(aligned.value());

    Result<TooAligned*> too = heap.make<TooAligned>();
    ASSERT_TRUE(too.is_error());
    EXPECT_EQ(too.error(), Error::InvalidArgument);

    // No memory: an error, and no constructor ran on a null pointer.
    heap.shrink();
    source.set_limit(0);
    Result<Tracked*> none = heap.make<Tracked>(1, 1);
    ASSERT_TRUE(none.is_error());
    EXPECT_EQ(none.error(), Error::NoMemory);
    EXPECT_EQ(Tracked::constructed, 1);
    heap.destroy(static_cast<Tracked*>(nullptr));
    EXPECT_EQ(Tracked::destroyed, 1);
    EXPECT_TRUE(faults().empty());
    expect_all_returned();
}

TEST_F(HeapTest, TheKernelHeapFailsCleanlyUntilInstalled) {
    heap::install(nullptr);
    Result<void*> early = heap::allocate(32);
    ASSERT_TRUE(early.is_error());
    EXPECT_EQ(early.error(), Error::NoMemory);
    EXPECT_TRUE(heap::make<Tracked>(1, 2).is_error());

    heap::install(&heap);
    Tracked::constructed = Tracked::destroyed = 0;
    Tracked* tracked = heap::make<Tracked>(1, 2).value();
    EXPECT_EQ(tracked->sum, 3);
    heap::destroy(tracked);
    EXPECT_EQ(Tracked::destroyed, 1);
    void* block = heap::allocate(5000, 4096).value();
    heap::free(block);
    heap::install(nullptr);
    EXPECT_TRUE(faults().empty());
    expect_all_returned();
}

#ifdef MICA_DEBUG

TEST_F(HeapTest, DebugWriteAfterFreeIsReportedWhenTheObjectIsReused) {
    void* keep = heap.allocate(200).value();
    auto* object = static_cast<uint8_t*>(heap.allocate(200).value());
    heap.free(object);
    for (size_t i = sizeof(void*); i < 200; ++i)
        ASSERT_EQ(object[i], SlabCache::kPoison);
    object[150] = 0; // through a stale pointer
    void* again = heap.allocate(200).value();
    EXPECT_EQ(again, object);
    expect_one_fault(HeapFault::UseAfterFree, object);
    heap.free(again);
    heap.free(keep);
    EXPECT_TRUE(faults().empty());
    expect_all_returned();
}

#endif
