// libmica's heap (mica/heap.h): sizes and alignments, reuse of freed memory, growth past the
// first mapping, merging of freed page runs, reallocate, loud detection of bad and double frees,
// operator new/delete, and two threads allocating at once.

#include <framework/test.h>
#include <lib/atomic.h>
#include <mica/heap.h>
#include <support/support.h>
#include <support/thread.h>

using namespace mica;
using namespace mica::test;

namespace {

constexpr size_t kMiB = 1024 * 1024;

// A pattern that depends on the block and the offset, so overlapping blocks are caught.
uint8_t pattern(size_t block, size_t offset) { return uint8_t(block * 131 + offset * 7 + 1); }

void fill(void* memory, size_t size, size_t block) {
    auto* bytes = static_cast<uint8_t*>(memory);
    for (size_t i = 0; i < size; ++i)
        bytes[i] = pattern(block, i);
}

bool intact(const void* memory, size_t size, size_t block) {
    auto* bytes = static_cast<const uint8_t*>(memory);
    for (size_t i = 0; i < size; ++i) {
        if (bytes[i] != pattern(block, i))
            return false;
    }
    return true;
}

// Sizes around every class boundary and well into whole pages.
size_t size_of_block(size_t index) {
    constexpr size_t kSizes[] = {1,    2,    15,   16,   17,   31,    33,    48,    63,   64,
                                 65,   96,   100,  128,  129,  200,   256,   300,   384,  511,
                                 512,  513,  768,  1000, 1024, 1025,  1344,  2000,  2016, 2017,
                                 4095, 4096, 4097, 8192, 9000, 20000, 65536, 100000};
    return kSizes[index % (sizeof kSizes / sizeof kSizes[0])];
}

struct RecordedFault {
    int count = 0;
    HeapFault fault = HeapFault::NotHeapMemory;
    const void* pointer = nullptr;
};
RecordedFault g_recorded;

void record_fault(const HeapFaultReport& report) {
    ++g_recorded.count;
    g_recorded.fault = report.fault;
    g_recorded.pointer = report.pointer;
}

} // namespace

TEST(heap_blocks_of_many_sizes_do_not_overlap) {
    constexpr size_t kBlocks = 190; // every size five times
    void* blocks[kBlocks];
    for (size_t i = 0; i < kBlocks; ++i) {
        blocks[i] = heap_allocate(size_of_block(i));
        ASSERT_TRUE(blocks[i] != nullptr);
        EXPECT_GE(heap_block_size(blocks[i]), size_of_block(i));
        fill(blocks[i], size_of_block(i), i);
    }
    size_t damaged = 0;
    for (size_t i = 0; i < kBlocks; ++i)
        damaged += intact(blocks[i], size_of_block(i), i) ? 0 : 1;
    EXPECT_EQ(damaged, 0u);
    for (size_t i = 0; i < kBlocks; ++i)
        heap_free(blocks[i]);
}

TEST(heap_honours_alignment_and_refuses_bad_ones) {
    for (size_t alignment = 1; alignment <= kHeapMaxAlignment; alignment *= 2) {
        constexpr size_t kSizes[] = {1, 24, 3000, 10000};
        for (size_t size : kSizes) {
            void* block = heap_allocate(size, alignment);
            ASSERT_TRUE(block != nullptr);
            EXPECT_EQ(uintptr_t(block) % alignment, 0u);
            heap_free(block);
        }
    }
    EXPECT_TRUE(heap_allocate(64, 3) == nullptr);
    EXPECT_TRUE(heap_allocate(64, 2 * kHeapMaxAlignment) == nullptr);
    EXPECT_TRUE(heap_allocate(~size_t{0} - 100) == nullptr);
}

TEST(heap_reuses_freed_memory) {
    // Warm up, then many rounds of the same allocations must not map anything more.
    for (int round = 0; round < 2; ++round) {
        void* a = heap_allocate(100);
        void* b = heap_allocate(50000);
        heap_free(a);
        heap_free(b);
    }
    size_t mapped = heap_usage().mapped_bytes;
    for (int round = 0; round < 200; ++round) {
        void* a = heap_allocate(100);
        void* b = heap_allocate(50000);
        ASSERT_TRUE(a && b);
        heap_free(b);
        heap_free(a);
    }
    EXPECT_EQ(heap_usage().mapped_bytes, mapped);
}

TEST(heap_grows_beyond_its_first_mapping) {
    constexpr size_t kCount = 3000; // 3000 * 1000 bytes: about 3 MiB, past the first 1 MiB chunk
    void** blocks = new void*[kCount];
    for (size_t i = 0; i < kCount; ++i) {
        blocks[i] = heap_allocate(1000);
        ASSERT_TRUE(blocks[i] != nullptr);
        fill(blocks[i], 1000, i);
    }
    EXPECT_GE(heap_usage().mapped_bytes, 3 * kMiB);
    size_t damaged = 0;
    for (size_t i = 0; i < kCount; ++i)
        damaged += intact(blocks[i], 1000, i) ? 0 : 1;
    EXPECT_EQ(damaged, 0u);
    for (size_t i = 0; i < kCount; ++i)
        heap_free(blocks[i]);
    delete[] blocks;
}

TEST(heap_merges_freed_neighbours) {
    // Two halves of one freed 8 MiB run, freed again, must serve 8 MiB without a new mapping.
    void* whole = heap_allocate(8 * kMiB);
    ASSERT_TRUE(whole != nullptr);
    heap_free(whole);
    void* first = heap_allocate(4 * kMiB);
    void* second = heap_allocate(4 * kMiB);
    ASSERT_TRUE(first && second);
    size_t mapped = heap_usage().mapped_bytes;
    heap_free(first);
    heap_free(second);
    void* again = heap_allocate(8 * kMiB);
    ASSERT_TRUE(again != nullptr);
    EXPECT_EQ(heap_usage().mapped_bytes, mapped);
    heap_free(again);
}

TEST(heap_reallocate_keeps_contents) {
    void* block = heap_reallocate(nullptr, 10);
    ASSERT_TRUE(block != nullptr);
    fill(block, 10, 1);
    constexpr size_t kSizes[] = {100, 3000, 70000, 40, 5};
    for (size_t size : kSizes) {
        size_t kept = size < 10 ? size : 10;
        block = heap_reallocate(block, size);
        ASSERT_TRUE(block != nullptr);
        EXPECT_TRUE(intact(block, kept, 1));
    }
    EXPECT_TRUE(heap_reallocate(block, 0) == nullptr); // frees
}

TEST(heap_reports_bad_and_double_frees) {
    HeapFaultHandler previous = heap_set_fault_handler(record_fault);
    g_recorded = {};

    void* small = heap_allocate(40);
    heap_free(small);
    heap_free(small);
    EXPECT_EQ(g_recorded.count, 1);
    EXPECT_EQ(int(g_recorded.fault), int(HeapFault::DoubleFree));

    void* large = heap_allocate(20000);
    heap_free(large);
    heap_free(large);
    EXPECT_EQ(g_recorded.count, 2);
    EXPECT_EQ(int(g_recorded.fault), int(HeapFault::NotAllocated));

    int on_stack = 0;
    heap_free(&on_stack);
    EXPECT_EQ(g_recorded.count, 3);
    EXPECT_EQ(int(g_recorded.fault), int(HeapFault::NotHeapMemory));

    auto* interior = static_cast<uint8_t*>(heap_allocate(200));
    heap_free(interior + 8);
    EXPECT_EQ(g_recorded.count, 4);
    EXPECT_EQ(int(g_recorded.fault), int(HeapFault::NotAnObject));
    heap_free(interior); // the real block is still live and frees cleanly
    EXPECT_EQ(g_recorded.count, 4);

    heap_set_fault_handler(previous);
}

namespace {

struct alignas(64) CacheLine {
    uint64_t words[8];
};

} // namespace

TEST(heap_serves_new_and_delete) {
    auto* line = new CacheLine{};
    EXPECT_EQ(uintptr_t(line) % 64, 0u);
    EXPECT_EQ(line->words[7], 0u);
    delete line;
    auto* array = new uint32_t[1000];
    array[999] = 7;
    EXPECT_EQ(array[999], 7u);
    delete[] array;
    // nothrow new of an impossible size answers nullptr instead of ending the process.
    EXPECT_TRUE(new (std::nothrow) uint8_t[size_t{1} << 60] == nullptr);
}

namespace {

struct Churn {
    size_t seed;
    Atomic<size_t> damaged{0};
    Atomic<size_t> failed{0};
};

// Keeps 32 blocks live, replacing one per step, checking each block's pattern before freeing it.
void churn(void* argument, abi::IpcBuffer*) {
    auto& run = *static_cast<Churn*>(argument);
    constexpr size_t kLive = 32;
    void* blocks[kLive] = {};
    size_t sizes[kLive] = {};
    size_t ids[kLive] = {};
    for (size_t step = 0; step < 3000; ++step) {
        size_t slot = (step * 7 + run.seed) % kLive;
        if (blocks[slot]) {
            if (!intact(blocks[slot], sizes[slot], ids[slot]))
                run.damaged.fetch_add(1);
            heap_free(blocks[slot]);
        }
        size_t id = run.seed * 100000 + step;
        sizes[slot] = size_of_block(id) % 6000 + 1;
        ids[slot] = id;
        blocks[slot] = heap_allocate(sizes[slot]);
        if (!blocks[slot]) {
            run.failed.fetch_add(1);
            continue;
        }
        fill(blocks[slot], sizes[slot], id);
    }
    for (size_t slot = 0; slot < kLive; ++slot) {
        if (blocks[slot] && !intact(blocks[slot], sizes[slot], ids[slot]))
            run.damaged.fetch_add(1);
        heap_free(blocks[slot]);
    }
}

} // namespace

TEST(heap_is_shared_safely_by_two_threads) {
    HeapUsage before = heap_usage();
    Churn first{.seed = 1};
    Churn second{.seed = 2};
    SysResult<Thread> one = Thread::start(churn, &first);
    SysResult<Thread> two = Thread::start(churn, &second);
    ASSERT_TRUE(one.is_ok() && two.is_ok());
    EXPECT_TRUE(one.value().join(deadline_in(30 * kSecond)));
    EXPECT_TRUE(two.value().join(deadline_in(30 * kSecond)));
    EXPECT_EQ(first.damaged.load() + second.damaged.load(), 0u);
    EXPECT_EQ(first.failed.load() + second.failed.load(), 0u);
    HeapUsage after = heap_usage();
    EXPECT_EQ(after.live_small, before.live_small);
    EXPECT_EQ(after.live_large, before.live_large);
}
