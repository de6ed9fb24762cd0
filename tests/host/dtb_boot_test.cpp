// Tests of boot/dtb: BootInfo as filled from dtc-compiled boot trees and from QEMU's own.

#include <boot/dtb/dtb_boot.h>

#include <gtest/gtest.h>

#include <string>
#include <tuple>
#include <vector>

#include "fdt_test_data.h"

namespace mica {
namespace {

using test::load_blob;

std::string str(StringView view) { return std::string(view.data(), view.length()); }

using Region = std::tuple<uint64_t, uint64_t, MemoryKind>;

std::vector<Region> regions(const BootInfo& info) {
    std::vector<Region> out;
    for (const MemoryRegion& region : info.memory)
        out.emplace_back(region.base, region.size, region.kind);
    return out;
}

constexpr PhysAddr kDtbPhys = 0x87e00000;
constexpr uint64_t kMiB = 1024 * 1024;

Result<void> fill(BootInfo& info, const std::vector<uint8_t>& blob) {
    return boot::fill_from_dtb(info, kDtbPhys, blob.data(), blob.size());
}

TEST(DtbBoot, FullBoardTree) {
    auto blob = load_blob("boot_u64.dtb");
    ASSERT_FALSE(blob.empty());
    BootInfo info;
    info.boot_cpu_id = 3; // set by the arch entry; must survive
    info.kernel_image = {0x80200000, 0x100000};
    auto result = fill(info, blob);
    ASSERT_TRUE(result.is_ok()) << error_name(result.error());

    EXPECT_EQ(str(info.loader), "devicetree");
    EXPECT_EQ(info.dtb, kDtbPhys);
    EXPECT_EQ(info.boot_blob.base, kDtbPhys);
    EXPECT_EQ(info.boot_blob.size, blob.size()); // dtc writes no padding
    EXPECT_EQ(str(info.command_line), "root=/dev/vda test");
    EXPECT_EQ(info.boot_cpu_id, 3u);
    EXPECT_EQ(info.kernel_image.base, 0x80200000u);

    ASSERT_EQ(info.modules.size(), 1u);
    EXPECT_EQ(info.modules[0].base, 0x88000000u);
    EXPECT_EQ(info.modules[0].size, 4 * kMiB);
    EXPECT_EQ(str(info.modules[0].name), "initrd");

    // Usable memory from enabled memory nodes (the disabled one is skipped), then the
    // reservation block, then /reserved-memory children that have a fixed place.
    EXPECT_EQ(regions(info), (std::vector<Region>{
                                 {0x80000000, 0x40000000, MemoryKind::Usable},
                                 {0x100000000, 0x10000000, MemoryKind::Usable},
                                 {0x200000000, 0x10000000, MemoryKind::Usable},
                                 {0x80000000, 0x200000, MemoryKind::Reserved},
                                 {0x80000000, 0x40000, MemoryKind::Reserved},
                                 {0x9f000000, 0x800000, MemoryKind::Reserved},
                             }));
    EXPECT_EQ(info.usable_memory(), 0x60000000u);
}

TEST(DtbBoot, ThirtyTwoBitInitrdAndCells) {
    auto blob = load_blob("boot_u32.dtb");
    ASSERT_FALSE(blob.empty());
    BootInfo info;
    ASSERT_TRUE(fill(info, blob).is_ok());
    EXPECT_TRUE(info.command_line.is_empty());
    ASSERT_EQ(info.modules.size(), 1u);
    EXPECT_EQ(info.modules[0].base, 0x42000000u);
    EXPECT_EQ(info.modules[0].size, 1 * kMiB);
    EXPECT_EQ(regions(info), (std::vector<Region>{{0x40000000, 0x20000000, MemoryKind::Usable}}));
}

TEST(DtbBoot, InitrdEndingBeforeItStartsIsAnError) {
    auto blob = load_blob("boot_bad_initrd.dtb");
    ASSERT_FALSE(blob.empty());
    BootInfo info;
    auto result = fill(info, blob);
    ASSERT_TRUE(result.is_error());
    EXPECT_EQ(result.error(), Error::Malformed);
    EXPECT_TRUE(info.modules.is_empty());
}

TEST(DtbBoot, QemuVirt) {
    struct Case {
        const char* file;
        uint64_t memory_base;
    };
    for (Case c : {Case{test::kQemuAarch64, 0x40000000}, Case{test::kQemuAarch64Gic3, 0x40000000},
                   Case{test::kQemuRiscv64, 0x80000000}}) {
        auto blob = load_blob(c.file);
        ASSERT_FALSE(blob.empty()) << c.file;
        BootInfo info;
        auto result = fill(info, blob);
        ASSERT_TRUE(result.is_ok()) << c.file;
        // QEMU writes a 1 MiB file; on aarch64 the header's totalsize counts the padding too.
        EXPECT_LE(info.boot_blob.size, blob.size()) << c.file;
        EXPECT_GT(info.boot_blob.size, 0u) << c.file;
        EXPECT_EQ(regions(info),
                  (std::vector<Region>{{c.memory_base, 128 * kMiB, MemoryKind::Usable}}))
            << c.file;
        EXPECT_TRUE(info.modules.is_empty());
        EXPECT_TRUE(info.command_line.is_empty());
    }
}

TEST(DtbBoot, FullBootInfoIsAnError) {
    auto blob = load_blob("boot_u64.dtb");
    ASSERT_FALSE(blob.empty());
    BootInfo info;
    while (info.memory.size() < BootInfo::kMaxMemoryRegions - 2)
        ASSERT_TRUE(info.memory.try_append({0, 4096, MemoryKind::Reserved}).is_ok());
    auto result = fill(info, blob);
    ASSERT_TRUE(result.is_error());
    EXPECT_EQ(result.error(), Error::Full);
}

TEST(DtbBoot, BadBlobs) {
    auto blob = load_blob("boot_u64.dtb");
    ASSERT_FALSE(blob.empty());
    BootInfo info;
    EXPECT_EQ(boot::fill_from_dtb(info, kDtbPhys, blob.data(), blob.size() - 1).error(),
              Error::Truncated);
    EXPECT_EQ(boot::fill_from_dtb(info, kDtbPhys, blob.data(), 8).error(), Error::Truncated);
    auto corrupt = blob;
    corrupt[0] = 0;
    EXPECT_EQ(fill(info, corrupt).error(), Error::Malformed);
    EXPECT_TRUE(info.memory.is_empty());
    EXPECT_EQ(info.dtb, 0u);
}

} // namespace
} // namespace mica
