#include <gtest/gtest.h>
#include <utility>
#include <vector>
#include <vm/frame_allocator.h>
#include <vm/physical_map.h>

using namespace mica;

namespace {

constexpr uint64_t KiB = 1024, MiB = 1024 * KiB, GiB = 1024 * MiB;
constexpr PhysAddr kNoLimit = ~PhysAddr{0};

using Ranges = std::vector<std::pair<PhysAddr, PhysAddr>>; // [base, end)

class PhysicalMapTest : public ::testing::Test {
protected:
    void usable(PhysAddr base, uint64_t size) { region(base, size, MemoryKind::Usable); }
    void region(PhysAddr base, uint64_t size, MemoryKind kind) {
        ASSERT_TRUE(info.memory.try_append({base, size, kind}).is_ok());
    }
    void module(PhysAddr base, uint64_t size) {
        ASSERT_TRUE(info.modules.try_append({base, size, "module"}).is_ok());
    }

    // Builds the map and checks the invariants every map must keep, whatever the input.
    Ranges build(PhysAddr limit = kNoLimit) {
        Result<void> built = build_physical_map(info, limit, map);
        EXPECT_TRUE(built.is_ok()) << error_name(built.error());
        Ranges ranges;
        uint64_t usable = 0;
        for (const PhysRange& range : map.ranges) {
            EXPECT_EQ(range.base % kFrameSize, 0u);
            EXPECT_EQ(range.size % kFrameSize, 0u);
            EXPECT_GT(range.size, 0u);
            EXPECT_LE(range.size, ~range.base) << "end wraps";
            if (!ranges.empty())
                EXPECT_GT(range.base, ranges.back().second) << "unsorted, overlapping or adjacent";
            EXPECT_NE(range.base, 0u) << "page 0 handed out";
            ranges.push_back({range.base, range.base + range.size});
            usable += range.size;
        }
        const PhysicalMapStats& s = map.stats;
        EXPECT_EQ(s.usable, usable);
        EXPECT_EQ(s.total, s.usable + s.firmware + s.kernel_image + s.boot_data + s.low_memory +
                               s.unreachable);
        return ranges;
    }

    BootInfo info;
    PhysicalMap map;
};

constexpr uint64_t kFrame = kFrameSize;

} // namespace

TEST_F(PhysicalMapTest, EmptyBootInfoGivesAnEmptyMap) {
    EXPECT_EQ(build(), Ranges{});
    EXPECT_EQ(map.stats.total, 0u);
}

TEST_F(PhysicalMapTest, OneRegionIsUsableExceptPageZero) {
    usable(0, 16 * MiB);
    EXPECT_EQ(build(), (Ranges{{kFrame, 16 * MiB}}));
    EXPECT_EQ(map.stats.total, 16 * MiB);
    EXPECT_EQ(map.stats.low_memory, kFrame);
}

TEST_F(PhysicalMapTest, UnsortedOverlappingAndAdjacentRegionsMerge) {
    usable(0x300000, 0x100000);
    usable(0x100000, 0x100000);
    usable(0x180000, 0x180000); // overlaps the one above and touches the first
    usable(0x900000, 0x1000);
    usable(0x120000, 0x10000); // contained
    EXPECT_EQ(build(), (Ranges{{0x100000, 0x400000}, {0x900000, 0x901000}}));
    EXPECT_EQ(map.stats.total, 0x301000u);
}

TEST_F(PhysicalMapTest, UnalignedEdgesShrinkInwardsAndExclusionsGrowOutwards) {
    usable(0x1234, 0x10000);                       // 0x2000..0x11000 whole frames
    region(0x8800, 0x100, MemoryKind::Reserved);   // takes all of frame 0x8000
    region(0xa000, 0x1001, MemoryKind::Defective); // takes 0xa000 and 0xb000
    EXPECT_EQ(build(), (Ranges{{0x2000, 0x8000}, {0x9000, 0xa000}, {0xc000, 0x11000}}));
    EXPECT_EQ(map.stats.firmware, 3 * kFrame);
}

TEST_F(PhysicalMapTest, RegionSmallerThanAFrameGivesNothing) {
    usable(0x10800, 0x1000);
    EXPECT_EQ(build(), Ranges{});
}

TEST_F(PhysicalMapTest, EveryNonUsableKindIsExcluded) {
    usable(0x100000, 0x100000);
    region(0x110000, 0x1000, MemoryKind::Reserved);
    region(0x120000, 0x1000, MemoryKind::AcpiReclaimable); // kept until its tables are read
    region(0x130000, 0x1000, MemoryKind::AcpiNvs);
    region(0x140000, 0x1000, MemoryKind::Defective);
    EXPECT_EQ(build(), (Ranges{{0x100000, 0x110000},
                               {0x111000, 0x120000},
                               {0x121000, 0x130000},
                               {0x131000, 0x140000},
                               {0x141000, 0x200000}}));
}

TEST_F(PhysicalMapTest, ReservedRegionCoveringAWholeUsableOneRemovesIt) {
    usable(0x100000, 0x10000);
    usable(0x200000, 0x10000);
    region(0xf0000, 0x30000, MemoryKind::Reserved);
    EXPECT_EQ(build(), (Ranges{{0x200000, 0x210000}}));
}

TEST_F(PhysicalMapTest, OneReservationSpanningSeveralRangesCutsEach) {
    usable(0x100000, 0x10000);
    usable(0x200000, 0x10000);
    usable(0x300000, 0x10000);
    region(0x108000, 0x200000, MemoryKind::Reserved); // to 0x308000
    EXPECT_EQ(build(), (Ranges{{0x100000, 0x108000}, {0x308000, 0x310000}}));
}

TEST_F(PhysicalMapTest, KernelImageAtStartMiddleAndEndOfARegion) {
    for (PhysAddr kernel : {PhysAddr{0x40000000}, PhysAddr{0x40800000}, PhysAddr{0x40f00000}}) {
        SCOPED_TRACE(kernel);
        info = BootInfo{};
        usable(0x40000000, 16 * MiB);
        info.kernel_image = {kernel, 0x100000};
        Ranges expected;
        if (kernel > 0x40000000)
            expected.push_back({0x40000000, kernel});
        if (kernel + 0x100000 < 0x41000000)
            expected.push_back({kernel + 0x100000, 0x41000000});
        EXPECT_EQ(build(), expected);
        EXPECT_EQ(map.stats.kernel_image, 0x100000u);
    }
}

TEST_F(PhysicalMapTest, KernelModulesBlobAndFramebufferAreExcluded) {
    usable(0x100000, 64 * MiB);
    info.kernel_image = {0x200000, 0xb537f}; // unaligned end, as linkers leave it
    module(0x1000000, 0x2345);
    module(0x1100000, 0); // zero-size: excludes nothing
    info.boot_blob = {0x2000100, 0x800};
    info.framebuffer = Framebuffer{.base = 0x3000000, .width = 100, .height = 8, .pitch = 512};
    EXPECT_EQ(build(), (Ranges{{0x100000, 0x200000},
                               {0x2b6000, 0x1000000},
                               {0x1003000, 0x2000000},
                               {0x2001000, 0x3000000},
                               {0x3001000, 0x4100000}}));
    EXPECT_EQ(map.stats.kernel_image, 0xb6000u);
    EXPECT_EQ(map.stats.boot_data, 3 * kFrame + kFrame + kFrame);
}

TEST_F(PhysicalMapTest, ExclusionsOutsideRamChangeNothing) {
    usable(0x100000, MiB);
    info.framebuffer = Framebuffer{.base = 0xfd000000, .width = 800, .height = 600, .pitch = 2400};
    region(0xfffc0000, 0x40000, MemoryKind::Reserved);
    EXPECT_EQ(build(), (Ranges{{0x100000, 0x200000}}));
    EXPECT_EQ(map.stats.firmware + map.stats.boot_data, 0u);
}

TEST_F(PhysicalMapTest, ZeroSizeEntriesAreIgnored) {
    usable(0x100000, 0);
    usable(0x200000, MiB);
    region(0x280000, 0, MemoryKind::Reserved);
    info.kernel_image = {0x2c0000, 0};
    EXPECT_EQ(build(), (Ranges{{0x200000, 0x300000}}));
}

TEST_F(PhysicalMapTest, UsableRegionThatWrapsIsMalformed) {
    usable(0xffff'ffff'ffff'0000, 0x20000);
    EXPECT_EQ(build_physical_map(info, kNoLimit, map).error(), Error::Malformed);
}

TEST_F(PhysicalMapTest, UsableRegionAtTheVeryTopStopsOneFrameShort) {
    usable(0xffff'ffff'fff0'0000, 0xf'ffff); // ends at 2^64 - 1, the largest end there is
    EXPECT_EQ(build(), (Ranges{{0xffff'ffff'fff0'0000, 0xffff'ffff'ffff'f000}}));
}

TEST_F(PhysicalMapTest, ExclusionsThatWrapAreClippedAtTheTop) {
    usable(0x100000, MiB);
    usable(0xffff'ffff'fff0'0000, 0xf'f000);
    region(0xffff'ffff'fff8'0000, ~uint64_t{0}, MemoryKind::Reserved);
    info.boot_blob = {~uint64_t{0}, ~uint64_t{0}};
    EXPECT_EQ(build(),
              (Ranges{{0x100000, 0x200000}, {0xffff'ffff'fff0'0000, 0xffff'ffff'fff8'0000}}));
    module(0x180000, ~uint64_t{0} - 0x1000); // wraps back below its base: reserves everything above
    EXPECT_EQ(build(), (Ranges{{0x100000, 0x180000}}));
}

TEST_F(PhysicalMapTest, RamAboveTheLimitIsUnreachable) {
    usable(0x1000, 4 * GiB);
    EXPECT_EQ(build(3 * GiB + 0x800), (Ranges{{0x1000, 3 * GiB}}));
    EXPECT_EQ(map.stats.unreachable, GiB + 0x1000);
    EXPECT_EQ(build(0), Ranges{});
}

TEST_F(PhysicalMapTest, TooManyRangesIsFullNotADrop) {
    usable(0, 1 * GiB);
    // Every hole splits a range: 127 reservations and 16 modules make 144 ranges.
    for (size_t i = 0; i < BootInfo::kMaxMemoryRegions - 1; ++i)
        region(0x100000 * (i + 1), kFrame, MemoryKind::Reserved);
    for (size_t i = 0; i < BootInfo::kMaxModules; ++i)
        module(0x10000000 + 0x100000 * i, kFrame);
    EXPECT_EQ(build_physical_map(info, kNoLimit, map).error(), Error::Full);
}

// QEMU riscv64 `virt` with OpenSBI: the DTB's /memory covers OpenSBI's own 512 KiB, and
// /reserved-memory lists it again; the kernel sits 2 MiB in, the DTB near the top of RAM.
TEST_F(PhysicalMapTest, Riscv64OpenSbiRegionInsideMemoryStaysReserved) {
    usable(0x80000000, 32 * MiB);
    region(0x80000000, 0x80000, MemoryKind::Reserved);
    info.kernel_image = {0x80200000, 0x2e230};
    info.boot_blob = {0x81fff000, 0x1000 - 0x200}; // FDT, not page sized
    EXPECT_EQ(build(), (Ranges{{0x80080000, 0x80200000}, {0x8022f000, 0x81fff000}}));
    EXPECT_EQ(map.stats.firmware, 0x80000u);
    EXPECT_EQ(map.stats.low_memory, 0u); // RAM does not start at 0 here
}

// An x86 multiboot2 map as GRUB passes on from SeaBIOS at 4 GiB: low memory up to the EBDA,
// the BIOS area, RAM below the PCI hole, the hole and RAM above 4 GiB, plus a 1 TiB reservation.
TEST_F(PhysicalMapTest, X86Multiboot2MapWithHoles) {
    usable(0x0, 0x9fc00);
    region(0x9fc00, 0x400, MemoryKind::Reserved);
    region(0xf0000, 0x10000, MemoryKind::Reserved);
    usable(0x100000, 0x7ffdf000 - 0x100000);
    region(0x7ffdf000, 0x21000, MemoryKind::Reserved);
    region(0xb0000000, 0x10000000, MemoryKind::Reserved);
    region(0xfed1c000, 0x4000, MemoryKind::Reserved);
    region(0xfffc0000, 0x40000, MemoryKind::Reserved);
    usable(0x100000000, 2 * GiB);
    region(0xfd00000000, 0x300000000, MemoryKind::Reserved);
    info.kernel_image = {0x200000, 0xb537f};
    info.boot_blob = {0x10000, 0x1000};
    module(0x2b6000, 0x800);
    EXPECT_EQ(build(), (Ranges{{0x1000, 0x10000},
                               {0x11000, 0x9f000},
                               {0x100000, 0x200000},
                               {0x2b7000, 0x7ffdf000},
                               {0x100000000, 0x180000000}}));
    EXPECT_EQ(map.stats.low_memory, kFrame);
    EXPECT_EQ(map.stats.firmware, 0u); // every reservation lies outside usable RAM
}
