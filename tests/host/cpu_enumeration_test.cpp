// CPU enumeration from the device trees QEMU generates and from hand-built MADTs.

#include "fdt_test_data.h"

#include <gtest/gtest.h>
#include <lib/acpi_processors.h>
#include <lib/fdt.h>
#include <platform/cpus.h>

using namespace mica;

namespace {

Fdt parse(const std::vector<uint8_t>& blob) {
    Result<Fdt> fdt = Fdt::parse(Bytes(blob.data(), blob.size()));
    EXPECT_TRUE(fdt.is_ok());
    return fdt.release_value();
}

// A MADT with a 44-byte header area followed by the given entries.
std::vector<uint8_t> madt(std::initializer_list<std::vector<uint8_t>> entries) {
    std::vector<uint8_t> table(44, 0);
    for (const auto& entry : entries)
        table.insert(table.end(), entry.begin(), entry.end());
    return table;
}

std::vector<uint8_t> local_apic(uint8_t apic_id, uint32_t flags) {
    return {0, 8, 0, apic_id, uint8_t(flags), 0, 0, 0};
}

std::vector<uint8_t> local_x2apic(uint32_t id, uint32_t flags) {
    return {9,
            16,
            0,
            0,
            uint8_t(id),
            uint8_t(id >> 8),
            uint8_t(id >> 16),
            uint8_t(id >> 24),
            uint8_t(flags),
            0,
            0,
            0,
            0,
            0,
            0,
            0};
}

} // namespace

TEST(CpuEnumeration, QemuAarch64ListsMpidrs) {
    auto blob = test::load_blob(test::kQemuAarch64);
    ASSERT_FALSE(blob.empty());
    platform::CpuIds ids;
    ASSERT_TRUE(platform::list_cpu_nodes(parse(blob), ids).is_ok());
    ASSERT_EQ(ids.size(), 4u);
    for (uint64_t i = 0; i < 4; ++i)
        EXPECT_EQ(ids[i], i); // QEMU virt: MPIDR Aff0 = CPU number
}

TEST(CpuEnumeration, QemuRiscv64ListsHartIds) {
    auto blob = test::load_blob(test::kQemuRiscv64);
    ASSERT_FALSE(blob.empty());
    platform::CpuIds ids;
    ASSERT_TRUE(platform::list_cpu_nodes(parse(blob), ids).is_ok());
    ASSERT_EQ(ids.size(), 4u);
    for (uint64_t i = 0; i < 4; ++i)
        EXPECT_EQ(ids[i], i);
}

TEST(CpuEnumeration, MadtListsEnabledProcessorsInOrder) {
    auto table = madt({local_apic(0, 1),
                       local_apic(2, 1),
                       local_apic(5, 0),
                       local_apic(0xff, 1),
                       local_x2apic(300, 1),
                       local_x2apic(301, 2),
                       {1, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}});
    acpi::ProcessorIds ids;
    ASSERT_TRUE(acpi::list_madt_processors(Bytes(table.data(), table.size()), ids).is_ok());
    ASSERT_EQ(ids.size(), 3u); // disabled, online-capable and broadcast entries are not listed
    EXPECT_EQ(ids[0], 0u);
    EXPECT_EQ(ids[1], 2u);
    EXPECT_EQ(ids[2], 300u);
}

TEST(CpuEnumeration, MalformedMadtsAreErrors) {
    acpi::ProcessorIds ids;
    auto short_table = std::vector<uint8_t>(40, 0);
    EXPECT_EQ(
        acpi::list_madt_processors(Bytes(short_table.data(), short_table.size()), ids).error(),
        Error::Truncated);
    auto zero_length = madt({{0, 0}});
    EXPECT_EQ(
        acpi::list_madt_processors(Bytes(zero_length.data(), zero_length.size()), ids).error(),
        Error::Malformed);
    auto past_end = madt({{0, 8, 0, 1}});
    EXPECT_EQ(acpi::list_madt_processors(Bytes(past_end.data(), past_end.size()), ids).error(),
              Error::Truncated);
    auto short_x2apic = madt({{9, 8, 0, 0, 0, 0, 0, 0}});
    EXPECT_EQ(
        acpi::list_madt_processors(Bytes(short_x2apic.data(), short_x2apic.size()), ids).error(),
        Error::Malformed);
}
