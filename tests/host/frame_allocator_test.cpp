#include <algorithm>
#include <gtest/gtest.h>
#include <map>
#include <random>
#include <vector>
#include <vm/frame_allocator.h>

using namespace mica;

namespace {

constexpr PhysAddr kBase = 0x4000'0000;

class FrameAllocatorTest : public ::testing::Test {
protected:
    void SetUp(uint64_t frames, PhysAddr base = kBase) {
        metadata.assign(frames, FrameInfo{});
        ASSERT_TRUE(allocator.init(base, frames, Span<FrameInfo>(metadata.data(), frames)).is_ok());
    }
    void SetUp() override {}

    std::vector<FrameInfo> metadata;
    FrameAllocator allocator;
};

} // namespace

TEST_F(FrameAllocatorTest, AddedRangeIsAllFreeAndCoalesced) {
    SetUp(1024);
    ASSERT_TRUE(allocator.add_free_range(kBase, 1024 * kFrameSize).is_ok());
    EXPECT_EQ(allocator.stats().total_frames, 1024u);
    EXPECT_EQ(allocator.stats().free_frames, 1024u);
    EXPECT_EQ(allocator.stats().unavailable_frames, 0u);
    EXPECT_EQ(allocator.free_blocks(10), 1u); // one 4 MiB block
}

TEST_F(FrameAllocatorTest, ExhaustionIsAnErrorAndFreeingInAnyOrderCoalesces) {
    SetUp(256);
    ASSERT_TRUE(allocator.add_free_range(kBase, 256 * kFrameSize).is_ok());
    std::vector<PhysAddr> frames;
    for (;;) {
        Result<PhysAddr> frame = allocator.allocate();
        if (frame.is_error()) {
            EXPECT_EQ(frame.error(), Error::NoMemory);
            break;
        }
        EXPECT_EQ(frame.value() % kFrameSize, 0u);
        frames.push_back(frame.value());
    }
    ASSERT_EQ(frames.size(), 256u);
    std::sort(frames.begin(), frames.end());
    EXPECT_EQ(std::unique(frames.begin(), frames.end()), frames.end());
    EXPECT_EQ(allocator.stats().free_frames, 0u);

    std::mt19937 random(42);
    std::shuffle(frames.begin(), frames.end(), random);
    for (PhysAddr frame : frames)
        ASSERT_TRUE(allocator.free(frame).is_ok());
    EXPECT_EQ(allocator.stats().free_frames, 256u);
    EXPECT_EQ(allocator.free_blocks(8), 1u);
    for (unsigned order = 0; order < 8; ++order)
        EXPECT_EQ(allocator.free_blocks(order), 0u) << "order " << order;
}

TEST_F(FrameAllocatorTest, FragmentationBlocksLargeAllocationsUntilBuddiesReturn) {
    SetUp(64);
    ASSERT_TRUE(allocator.add_free_range(kBase, 64 * kFrameSize).is_ok());
    std::vector<PhysAddr> frames;
    for (int i = 0; i < 64; ++i)
        frames.push_back(allocator.allocate().value());
    std::sort(frames.begin(), frames.end());
    for (size_t i = 0; i < frames.size(); i += 2)
        ASSERT_TRUE(allocator.free(frames[i]).is_ok());
    EXPECT_EQ(allocator.stats().free_frames, 32u);
    EXPECT_EQ(allocator.allocate(1).error(), Error::NoMemory); // no two adjacent free frames
    for (size_t i = 1; i < frames.size(); i += 2)
        ASSERT_TRUE(allocator.free(frames[i]).is_ok());
    Result<PhysAddr> big = allocator.allocate(6);
    ASSERT_TRUE(big.is_ok());
    EXPECT_EQ(big.value(), kBase);
}

TEST_F(FrameAllocatorTest, BadFreesAreRejected) {
    SetUp(64);
    ASSERT_TRUE(allocator.add_free_range(kBase, 64 * kFrameSize).is_ok());
    PhysAddr a = allocator.allocate().value();
    PhysAddr b = allocator.allocate(2).value();
    EXPECT_EQ(allocator.free(a, 1).error(), Error::InvalidArgument);               // wrong order
    EXPECT_EQ(allocator.free(b + kFrameSize, 0).error(), Error::InvalidArgument);  // interior
    EXPECT_EQ(allocator.free(a + 1).error(), Error::InvalidArgument);              // misaligned
    EXPECT_EQ(allocator.free(kBase - kFrameSize).error(), Error::InvalidArgument); // below
    EXPECT_EQ(allocator.free(kBase + 64 * kFrameSize).error(), Error::InvalidArgument); // above
    EXPECT_EQ(allocator.free(b, FrameAllocator::kMaxOrder + 1).error(), Error::InvalidArgument);
    ASSERT_TRUE(allocator.free(a).is_ok());
    EXPECT_EQ(allocator.free(a).error(), Error::InvalidArgument); // double free
    ASSERT_TRUE(allocator.free(b, 2).is_ok());
    EXPECT_EQ(allocator.free(b, 2).error(), Error::InvalidArgument); // double free after merge
    EXPECT_EQ(allocator.stats().free_frames, 64u);
}

TEST_F(FrameAllocatorTest, ContiguousAllocationsAreAlignedToTheirSize) {
    SetUp(512);
    ASSERT_TRUE(allocator.add_free_range(kBase, 512 * kFrameSize).is_ok());
    ASSERT_TRUE(allocator.allocate().is_ok()); // disturb the first block
    Result<PhysAddr> dma = allocator.allocate_contiguous(5);
    ASSERT_TRUE(dma.is_ok());
    EXPECT_EQ(dma.value() % (8 * kFrameSize), 0u);
    EXPECT_EQ(allocator.allocate_contiguous(0).error(), Error::InvalidArgument);
    EXPECT_EQ(allocator.allocate_contiguous(1024).error(), Error::NoMemory);
    // Larger than any block the allocator can ever have: still just out of memory.
    EXPECT_EQ(allocator.allocate_contiguous(uint64_t{1} << 30).error(), Error::NoMemory);
    EXPECT_TRUE(allocator.free_contiguous(dma.value(), 5).is_ok());
}

TEST_F(FrameAllocatorTest, HolesAndOddBoundariesAreRespected) {
    // A span with two usable ranges, neither aligned to a large block, and a reserved hole.
    SetUp(300, kBase);
    ASSERT_TRUE(allocator.add_free_range(kBase + 3 * kFrameSize + 100, 50 * kFrameSize).is_ok());
    ASSERT_TRUE(allocator.add_free_range(kBase + 100 * kFrameSize, 150 * kFrameSize).is_ok());
    // The first range loses its partial frames at both ends.
    EXPECT_EQ(allocator.stats().total_frames, 49u + 150u);
    EXPECT_EQ(allocator.stats().unavailable_frames, 300u - 199u);

    auto usable = [](PhysAddr frame) {
        uint64_t index = (frame - kBase) / kFrameSize;
        return (index >= 4 && index < 53) || (index >= 100 && index < 250);
    };
    std::vector<PhysAddr> frames;
    while (true) {
        Result<PhysAddr> frame = allocator.allocate();
        if (frame.is_error())
            break;
        EXPECT_TRUE(usable(frame.value())) << std::hex << frame.value();
        frames.push_back(frame.value());
    }
    EXPECT_EQ(frames.size(), 199u);
}

TEST_F(FrameAllocatorTest, RangesMustBeInsideTheSpanAndAddedOnce) {
    SetUp(16);
    EXPECT_EQ(allocator.add_free_range(kBase - kFrameSize, 2 * kFrameSize).error(),
              Error::OutOfRange);
    EXPECT_EQ(allocator.add_free_range(kBase + 8 * kFrameSize, 16 * kFrameSize).error(),
              Error::OutOfRange);
    ASSERT_TRUE(allocator.add_free_range(kBase, 8 * kFrameSize).is_ok());
    EXPECT_EQ(allocator.add_free_range(kBase + 4 * kFrameSize, kFrameSize).error(),
              Error::InvalidArgument);
    EXPECT_TRUE(allocator.add_free_range(kBase, 100).is_ok()); // less than a frame: nothing
    EXPECT_EQ(allocator.stats().total_frames, 8u);
}

TEST_F(FrameAllocatorTest, InitRejectsBadArguments) {
    metadata.assign(4, FrameInfo{});
    Span<FrameInfo> small(metadata.data(), 4);
    EXPECT_EQ(allocator.init(kBase, 8, small).error(), Error::InvalidArgument);
    EXPECT_EQ(allocator.init(kBase + 1, 4, small).error(), Error::InvalidArgument);
}

TEST_F(FrameAllocatorTest, RandomMixedOrdersNeverOverlap) {
    SetUp(2048);
    ASSERT_TRUE(allocator.add_free_range(kBase, 2048 * kFrameSize).is_ok());
    std::mt19937 random(7);
    std::map<PhysAddr, unsigned> live; // start -> order
    for (int step = 0; step < 20000; ++step) {
        if (live.empty() || random() % 3) {
            unsigned order = random() % 6;
            Result<PhysAddr> block = allocator.allocate(order);
            if (block.is_error())
                continue;
            PhysAddr start = block.value();
            EXPECT_EQ(start % (kFrameSize << order), 0u);
            auto next = live.lower_bound(start);
            if (next != live.end())
                ASSERT_GE(next->first, start + (kFrameSize << order));
            if (next != live.begin()) {
                auto previous = std::prev(next);
                ASSERT_LE(previous->first + (kFrameSize << previous->second), start);
            }
            live[start] = order;
        } else {
            auto victim = live.begin();
            std::advance(victim, random() % live.size());
            ASSERT_TRUE(allocator.free(victim->first, victim->second).is_ok());
            live.erase(victim);
        }
    }
    for (auto [start, order] : live)
        ASSERT_TRUE(allocator.free(start, order).is_ok());
    EXPECT_EQ(allocator.stats().free_frames, 2048u);
    EXPECT_EQ(allocator.free_blocks(11), 1u);
}
