#include "emulated_page_table.h"

#include <gtest/gtest.h>
#include <map>
#include <random>
#include <vm/address_space.h>

using namespace mica;
using AddressSpace = BasicAddressSpace<emulated::Format>;

namespace {

constexpr uint64_t k4K = 4096, k2M = 2ull << 20, k1G = 1ull << 30;
constexpr VirtAddr kKernelBase = 0xffff'ffff'8000'0000;
constexpr PageFlags kRw{.writable = true};
constexpr PageFlags kRx{.executable = true};

class AddressSpaceTest : public ::testing::Test {
protected:
    emulated::Memory memory;
    emulated::Tlb tlb;
    AddressSpace space = AddressSpace::create(memory, tlb).release_value();

    void expect_maps(VirtAddr virt, PhysAddr phys, PageFlags flags) {
        auto hit = memory.translate(space.root(), virt);
        ASSERT_TRUE(hit.has_value()) << std::hex << virt;
        EXPECT_EQ(hit->physical, phys) << std::hex << virt;
        EXPECT_EQ(hit->flags, flags) << std::hex << virt;
        Optional<Translation> query = space.query(virt);
        ASSERT_TRUE(query.has_value());
        EXPECT_EQ(query->physical, phys);
        EXPECT_EQ(query->flags, flags);
        EXPECT_EQ(query->page_size, hit->page_size);
    }
    void expect_unmapped(VirtAddr virt) {
        EXPECT_FALSE(memory.translate(space.root(), virt).has_value()) << std::hex << virt;
        EXPECT_FALSE(space.query(virt).has_value()) << std::hex << virt;
    }
};

} // namespace

TEST_F(AddressSpaceTest, MapsOnePageWithItsFlags) {
    ASSERT_TRUE(space.map(0x40'0000, 0x8000'0000, k4K, kRw).is_ok());
    expect_maps(0x40'0000, 0x8000'0000, kRw);
    expect_maps(0x40'0abc, 0x8000'0abc, kRw);
    expect_unmapped(0x40'1000);
    expect_unmapped(0x3f'f000);
    EXPECT_EQ(memory.live_tables(), 4u); // root and one table per level below it
    // New mappings are published once, for exactly the range; nothing needed invalidating.
    ASSERT_EQ(tlb.published.size(), 1u);
    EXPECT_EQ(tlb.published[0], (std::pair<VirtAddr, uint64_t>{0x40'0000, k4K}));
    EXPECT_TRUE(tlb.ranges.empty());
}

TEST_F(AddressSpaceTest, UsesTheLargestPagesAlignmentAllows) {
    ASSERT_TRUE(space.map(k1G, 4 * k1G, k1G, kRw).is_ok());
    EXPECT_EQ(space.query(k1G + 12345)->page_size, k1G);
    EXPECT_EQ(memory.live_tables(), 2u); // root + one level-2 table holding the 1 GiB leaf

    // Physically misaligned for 2 MiB: falls back to 4 KiB pages.
    ASSERT_TRUE(space.map(4 * k1G, 0x1000, k2M, kRw).is_ok());
    EXPECT_EQ(space.query(4 * k1G)->page_size, k4K);

    // 2 MiB + 4 KiB at a 2 MiB boundary: one large page and one small.
    ASSERT_TRUE(space.map(8 * k1G, 16 * k1G, k2M + k4K, kRx).is_ok());
    EXPECT_EQ(space.query(8 * k1G)->page_size, k2M);
    EXPECT_EQ(space.query(8 * k1G + k2M)->page_size, k4K);
    expect_maps(8 * k1G + k2M + 8, 16 * k1G + k2M + 8, kRx);
}

TEST_F(AddressSpaceTest, KernelHalfAddressesWork) {
    ASSERT_TRUE(space.map(kKernelBase, 0x20'0000, 4 * k2M, kRx).is_ok());
    expect_maps(kKernelBase + 3 * k2M + 0x123, 0x20'0000 + 3 * k2M + 0x123, kRx);
}

TEST_F(AddressSpaceTest, RefusesToMapOverExistingMappingsAndRollsBack) {
    ASSERT_TRUE(space.map(0x20'0000 + 5 * k4K, 0x9000'0000, k4K, kRw).is_ok());
    Result<void> overlap = space.map(0x20'0000, 0x7000'0000, 16 * k4K, kRw);
    ASSERT_TRUE(overlap.is_error());
    EXPECT_EQ(overlap.error(), Error::AlreadyExists);
    for (int i = 0; i < 16; ++i) {
        if (i == 5)
            expect_maps(0x20'0000 + i * k4K, 0x9000'0000, kRw);
        else
            expect_unmapped(0x20'0000 + i * k4K);
    }
    // A large page already covering the address.
    ASSERT_TRUE(space.map(k1G, 0, k1G, kRw).is_ok());
    EXPECT_EQ(space.map(k1G + k2M, 0, k4K, kRw).error(), Error::AlreadyExists);
}

TEST_F(AddressSpaceTest, MapsBesideExistingSmallPagesInsideALargeSlot) {
    // A table already exists where a 2 MiB leaf would go: the rest maps with 4 KiB pages.
    ASSERT_TRUE(space.map(k1G - k2M + k4K, 0x5000'1000, k4K, kRw).is_ok()); // slot of [1G-2M, 1G)
    EXPECT_EQ(space.map(k1G - k2M, 0x6000'0000, k2M, kRw).error(), Error::AlreadyExists);
    ASSERT_TRUE(space.map(k1G - k2M + 2 * k4K, 0x6000'2000, k2M - 2 * k4K, kRw).is_ok());
    expect_maps(k1G - 8, 0x6000'0000 + k2M - 8, kRw);
}

TEST_F(AddressSpaceTest, UnmapInsideALargePageSplitsIt) {
    ASSERT_TRUE(space.map(k1G, 2 * k1G, k1G, kRw).is_ok());
    tlb.ranges.clear();
    VirtAddr hole = k1G + 300 * k2M + 7 * k4K;
    ASSERT_TRUE(space.unmap(hole, k4K).is_ok());
    expect_unmapped(hole);
    expect_maps(hole - k4K, 2 * k1G + (hole - k4K - k1G), kRw);
    expect_maps(hole + k4K, 2 * k1G + (hole + k4K - k1G), kRw);
    expect_maps(k1G, 2 * k1G, kRw);
    expect_maps(2 * k1G - k4K, 3 * k1G - k4K, kRw);
    EXPECT_EQ(space.query(k1G)->page_size, k2M);
    EXPECT_EQ(space.query(hole + k4K)->page_size, k4K);
    EXPECT_TRUE(tlb.covered(hole));
    // Break-before-make: the 1 GiB leaf was invalidated as a whole before the table replaced it.
    EXPECT_TRUE(std::find(tlb.ranges.begin(), tlb.ranges.end(), std::pair{k1G, k1G}) !=
                tlb.ranges.end());
}

TEST_F(AddressSpaceTest, UnmapOfUnmappedSpaceIsFineAndWholePagesNeedNoSplit) {
    EXPECT_TRUE(space.unmap(0x1000'0000, 64 * k2M).is_ok());
    ASSERT_TRUE(space.map(k1G, 0, k1G, kRw).is_ok());
    size_t tables = memory.live_tables();
    ASSERT_TRUE(space.unmap(k1G, k1G).is_ok());
    EXPECT_EQ(memory.live_tables(), tables);
    expect_unmapped(k1G + 5 * k2M);
}

TEST_F(AddressSpaceTest, ProtectChangesExactlyTheRange) {
    ASSERT_TRUE(space.map(k2M, 0x4000'0000, 2 * k2M, kRw).is_ok());
    ASSERT_TRUE(space.protect(k2M + k4K, 2 * k4K, kRx).is_ok());
    expect_maps(k2M, 0x4000'0000, kRw);
    expect_maps(k2M + k4K, 0x4000'1000, kRx);
    expect_maps(k2M + 2 * k4K, 0x4000'2000, kRx);
    expect_maps(k2M + 3 * k4K, 0x4000'3000, kRw);
    expect_maps(2 * k2M, 0x4000'0000 + k2M, kRw);
    EXPECT_EQ(space.query(2 * k2M)->page_size, k2M); // the untouched large page stays large
    EXPECT_TRUE(tlb.covered(k2M + k4K));
}

TEST_F(AddressSpaceTest, ProtectOfAPartlyUnmappedRangeChangesNothing) {
    ASSERT_TRUE(space.map(0x10'0000, 0x50'0000, 2 * k4K, kRw).is_ok());
    EXPECT_EQ(space.protect(0x10'0000, 3 * k4K, kRx).error(), Error::NotFound);
    expect_maps(0x10'0000, 0x50'0000, kRw);
    expect_maps(0x10'1000, 0x50'1000, kRw);
}

TEST_F(AddressSpaceTest, BadRangesAreRejected) {
    EXPECT_EQ(space.map(0x1001, 0, k4K, kRw).error(), Error::InvalidArgument);
    EXPECT_EQ(space.map(0x1000, 0x10, k4K, kRw).error(), Error::InvalidArgument);
    EXPECT_EQ(space.map(0x1000, 0, 0, kRw).error(), Error::InvalidArgument);
    EXPECT_EQ(space.map(0x1000, 0, 100, kRw).error(), Error::InvalidArgument);
    EXPECT_EQ(space.map(0x0000'8000'0000'0000, 0, k4K, kRw).error(), Error::OutOfRange);
    EXPECT_EQ(space.map(0x0000'7fff'ffff'f000, 0, 2 * k4K, kRw).error(), Error::OutOfRange);
    EXPECT_EQ(space.map(0xffff'ffff'ffff'f000, 0, 2 * k4K, kRw).error(), Error::InvalidArgument);
    EXPECT_EQ(space.map(0x1000, 0xffff'ffff'ffff'f000, 2 * k4K, kRw).error(),
              Error::InvalidArgument);
    EXPECT_EQ(space.unmap(0x1000, 3).error(), Error::InvalidArgument);
    EXPECT_EQ(space.protect(0x0000'8000'0000'0000, k4K, kRw).error(), Error::OutOfRange);
    EXPECT_FALSE(space.query(0x0000'8000'0000'0000).has_value());
    EXPECT_EQ(memory.live_tables(), 1u);
}

TEST_F(AddressSpaceTest, RunningOutOfTablesIsAnErrorThatLeavesNoHalfMapping) {
    memory.fail_after(memory.allocations() + 3); // enough for the first 2 MiB region only
    Result<void> result = space.map(k1G - k4K, 0x7000'0000 - k4K, 4 * k4K, kRw);
    ASSERT_TRUE(result.is_error());
    EXPECT_EQ(result.error(), Error::NoMemory);
    for (int i = 0; i < 4; ++i)
        expect_unmapped(k1G - k4K + i * k4K);
    memory.never_fail();
    EXPECT_TRUE(space.map(k1G - k4K, 0x7000'0000 - k4K, 4 * k4K, kRw).is_ok());
}

TEST_F(AddressSpaceTest, SplitFailureIsReported) {
    ASSERT_TRUE(space.map(k1G, 0, k1G, kRw).is_ok());
    memory.fail_after(memory.allocations());
    EXPECT_EQ(space.unmap(k1G + k4K, k4K).error(), Error::NoMemory);
    expect_maps(k1G + k4K, k4K, kRw); // nothing was unmapped
}

TEST_F(AddressSpaceTest, DestroyFreesEveryTable) {
    ASSERT_TRUE(space.map(0x1000, 0x1000, 300 * k4K, kRw).is_ok());
    ASSERT_TRUE(space.map(kKernelBase, 0, 3 * k2M, kRx).is_ok());
    ASSERT_TRUE(space.map(5 * k1G, 0, k1G, kRw).is_ok());
    ASSERT_TRUE(space.unmap(5 * k1G + k4K, k4K).is_ok());
    space.destroy();
    EXPECT_EQ(memory.live_tables(), 0u);
    EXPECT_EQ(memory.bad_frees(), 0u);
}

// Random maps, unmaps and protects against a page-by-page model, checked through the oracle.
TEST_F(AddressSpaceTest, RandomOperationsMatchAModel) {
    constexpr VirtAddr kWindow = 0x4000'0000; // 1 GiB-aligned window of 32 MiB
    constexpr uint64_t kPages = (32ull << 20) / k4K;
    std::map<uint64_t, std::pair<PhysAddr, PageFlags>> model; // page index -> mapping
    std::mt19937_64 random(1234);
    const PageFlags choices[] = {kRw, kRx, PageFlags{}, PageFlags{.writable = true, .user = true}};

    for (int step = 0; step < 400; ++step) {
        bool large = random() % 4 == 0;
        uint64_t unit = large ? k2M / k4K : 1;
        uint64_t first = (random() % (kPages / unit)) * unit;
        uint64_t count = std::min<uint64_t>((1 + random() % 8) * unit, kPages - first);
        VirtAddr virt = kWindow + first * k4K;
        PageFlags flags = choices[random() % 4];
        switch (random() % 3) {
        case 0: {
            PhysAddr phys = (0x1'0000'0000 + (random() % 1024) * k2M) + (large ? 0 : first * k4K);
            bool free = true;
            for (uint64_t i = first; i < first + count; ++i)
                free &= !model.count(i);
            Result<void> result = space.map(virt, phys, count * k4K, flags);
            ASSERT_EQ(result.is_ok(), free) << "step " << step;
            if (free) {
                for (uint64_t i = 0; i < count; ++i)
                    model[first + i] = {phys + i * k4K, flags};
            }
            break;
        }
        case 1:
            ASSERT_TRUE(space.unmap(virt, count * k4K).is_ok());
            for (uint64_t i = first; i < first + count; ++i)
                model.erase(i);
            break;
        case 2: {
            bool mapped = true;
            for (uint64_t i = first; i < first + count; ++i)
                mapped &= model.count(i) == 1;
            ASSERT_EQ(space.protect(virt, count * k4K, flags).is_ok(), mapped) << "step " << step;
            if (mapped) {
                for (uint64_t i = first; i < first + count; ++i)
                    model[i].second = flags;
            }
            break;
        }
        }
        if (step % 40 == 39 || step == 399) {
            for (uint64_t i = 0; i < kPages; ++i) {
                auto hit = memory.translate(space.root(), kWindow + i * k4K);
                auto expected = model.find(i);
                ASSERT_EQ(hit.has_value(), expected != model.end()) << "page " << i;
                if (hit) {
                    ASSERT_EQ(hit->physical, expected->second.first) << "page " << i;
                    ASSERT_EQ(hit->flags, expected->second.second) << "page " << i;
                }
            }
        }
    }
    space.destroy();
    EXPECT_EQ(memory.live_tables(), 0u);
}
