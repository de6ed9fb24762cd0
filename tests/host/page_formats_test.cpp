// The three ISAs' page-table entry encodings: known entries from the manuals, round trips of
// every flag combination, and the generic address space running on each real format, checked
// by small walkers written from the manuals rather than from the formats under test.

#include "emulated_page_table.h"

#include <arch/aarch64/include/arch/aarch64_page_format.h>
#include <arch/riscv64/include/arch/sv39_page_format.h>
#include <arch/x86_64/include/arch/x86_64_page_format.h>
#include <functional>
#include <gtest/gtest.h>
#include <optional>
#include <vm/address_space.h>

using namespace mica;
using arch::Aarch64PageFormat;
using arch::Sv39PageFormat;
using arch::X86_64PageFormat;

namespace {

constexpr PageFlags kDevice = kKernelDevice;
constexpr PageFlags kUserCode{.executable = true, .user = true};

std::vector<PageFlags> every_flag_combination() {
    std::vector<PageFlags> all;
    for (int bits = 0; bits < 32; ++bits)
        all.push_back(PageFlags{.writable = bool(bits & 1),
                                .executable = bool(bits & 2),
                                .user = bool(bits & 4),
                                .global = bool(bits & 8),
                                .type = (bits & 16) ? MemoryType::Device : MemoryType::Normal});
    return all;
}

template <typename Format>
void expect_round_trips(unsigned max_level) {
    for (PageFlags flags : every_flag_combination()) {
        for (unsigned level = 0; level <= max_level; ++level) {
            PhysAddr address = 0x1234 * level_size(level);
            PageTableEntry entry = Format::make_leaf(address, flags, level);
            EXPECT_TRUE(Format::is_valid(entry));
            EXPECT_FALSE(Format::is_table(entry, level)) << level;
            EXPECT_EQ(Format::leaf_address(entry, level), address) << level;
            EXPECT_EQ(Format::leaf_flags(entry, level), flags) << level;
        }
    }
    PageTableEntry table = Format::make_table(0x8765'4000);
    EXPECT_TRUE(Format::is_valid(table));
    EXPECT_TRUE(Format::is_table(table, 1));
    EXPECT_EQ(Format::table_address(table), 0x8765'4000u);
    EXPECT_FALSE(Format::is_valid(0));
}

} // namespace

TEST(X86_64PageFormat, KnownEntries) {
    // 2 MiB kernel data: P RW A D PS G and XD.
    EXPECT_EQ(X86_64PageFormat::make_leaf(0x20'0000, kKernelData, 1), 0x8000'0000'0020'01e3u);
    // 4 KiB kernel code: P A G, executable, read-only.
    EXPECT_EQ(X86_64PageFormat::make_leaf(0x1000, kKernelCode, 0), 0x0000'0000'0000'1121u);
    // Device registers: PCD and PWT (uncacheable), never executable.
    EXPECT_EQ(X86_64PageFormat::make_leaf(0xfee0'0000, kDevice, 0), 0x8000'0000'fee0'017bu);
    // Bit 12 of a large page is PAT, not address.
    EXPECT_EQ(X86_64PageFormat::leaf_address(0x8000'0000'0020'11e3u, 1), 0x20'0000u);
    expect_round_trips<X86_64PageFormat>(X86_64PageFormat::kLargestLeafLevel);
}

TEST(Aarch64PageFormat, KnownEntries) {
    // 2 MiB block of kernel data: valid, AttrIndx 1, inner shareable, AF, PXN and UXN.
    EXPECT_EQ(Aarch64PageFormat::make_leaf(0x4000'0000, kKernelData, 1), 0x0060'0000'4000'0705u);
    // 4 KiB user code page: page bit, AP = read-only at EL0 and EL1, nG, PXN only.
    EXPECT_EQ(Aarch64PageFormat::make_leaf(0x4000'1000, kUserCode, 0), 0x0020'0000'4000'1fc7u);
    // Device: AttrIndx 0, not shareable-tagged, never executable.
    EXPECT_EQ(Aarch64PageFormat::make_leaf(0x0900'0000, kDevice, 0), 0x0060'0000'0900'0403u);
    EXPECT_EQ(Aarch64PageFormat::make_table(0x4020'1000), 0x4020'1003u);
    expect_round_trips<Aarch64PageFormat>(Aarch64PageFormat::kLargestLeafLevel);
}

TEST(Sv39PageFormat, KnownEntries) {
    // Gigapage of kernel data at 0x80000000: PPN 0x80000 at bit 10; V R W G A D.
    EXPECT_EQ(Sv39PageFormat::make_leaf(0x8000'0000, kKernelData, 2), 0x2000'00e7u);
    EXPECT_EQ(Sv39PageFormat::make_table(0x8020'1000), 0x2008'0401u);
    // User code: V R X U A.
    EXPECT_EQ(Sv39PageFormat::make_leaf(0x8040'0000, kUserCode, 0), 0x2010'005bu);
    expect_round_trips<Sv39PageFormat>(Sv39PageFormat::kLargestLeafLevel);
}

namespace {

struct Walked {
    PhysAddr physical;
    uint64_t page_size;
};

// One step of a hardware walk: given an entry and its level, either stop (invalid), descend
// (returns the next table) or translate (leaf).
struct Step {
    enum Kind { Fault, Descend, Leaf } kind;
    PhysAddr address;
};
using StepFunction = std::function<Step(PageTableEntry, unsigned level)>;

std::optional<Walked> walk(emulated::Memory& memory, PhysAddr root, unsigned levels, VirtAddr virt,
                           const StepFunction& step) {
    PhysAddr table = root;
    for (int level = int(levels) - 1; level >= 0; --level) {
        PageTableEntry entry = memory.table_pointer(table)[(virt >> (12 + 9 * level)) & 511];
        Step next = step(entry, unsigned(level));
        if (next.kind == Step::Fault)
            return std::nullopt;
        if (next.kind == Step::Leaf) {
            uint64_t size = level_size(unsigned(level));
            return Walked{next.address + (virt & (size - 1)), size};
        }
        table = next.address;
    }
    return std::nullopt;
}

// From the manuals: x86 present bit 0, PS bit 7 above the PT, address bits 12..51.
Step x86_step(PageTableEntry e, unsigned level) {
    if (!(e & 1))
        return {Step::Fault, 0};
    if (level == 0 || (e & 0x80))
        return {Step::Leaf, e & (level ? 0x000f'ffff'ffe0'0000 : 0x000f'ffff'ffff'f000)};
    return {Step::Descend, e & 0x000f'ffff'ffff'f000};
}

// VMSAv8-64: bits[1:0] 0b11 table (or page at L3), 0b01 block; 0bx0 invalid.
Step arm_step(PageTableEntry e, unsigned level) {
    if (!(e & 1) || (level == 0 && !(e & 2)))
        return {Step::Fault, 0};
    PhysAddr address = e & 0x0000'ffff'ffff'f000;
    if (level > 0 && (e & 2))
        return {Step::Descend, address};
    return {Step::Leaf, address & ~(level_size(level) - 1)};
}

// Sv39: V bit 0; R/W/X all clear means pointer; PPN at bit 10.
Step sv39_step(PageTableEntry e, unsigned level) {
    if (!(e & 1))
        return {Step::Fault, 0};
    PhysAddr address = ((e >> 10) & ((1ull << 44) - 1)) << 12;
    if (!(e & 0xe))
        return level == 0 ? Step{Step::Fault, 0} : Step{Step::Descend, address};
    return {Step::Leaf, address};
}

template <typename Format>
void exercise(const StepFunction& step, VirtAddr kernel_base) {
    emulated::Memory memory;
    emulated::Tlb tlb;
    auto space = BasicAddressSpace<Format>::create(memory, tlb).release_value();
    constexpr uint64_t k4K = 4096, k2M = 2ull << 20, k1G = 1ull << 30;
    // A direct map of 3 GiB + 6 MiB + 12 KiB of RAM at 0x40000000, and a kernel image in pages.
    uint64_t ram = 3 * k1G + 3 * k2M + 3 * k4K;
    ASSERT_TRUE(space.map(kernel_base, 0x4000'0000, ram, kKernelData).is_ok());
    ASSERT_TRUE(space.map(0xffff'ffff'8000'0000, 0x4020'0000, 40 * k4K, kKernelCode).is_ok());
    ASSERT_TRUE(space.protect(kernel_base + 5 * k4K, k4K, kKernelReadOnly).is_ok());
    ASSERT_TRUE(space.unmap(kernel_base + k1G + 7 * k4K, k4K).is_ok());
    for (uint64_t offset = 0; offset < ram; offset += 4093 * 17) {
        VirtAddr virt = kernel_base + offset;
        auto hit = walk(memory, space.root(), Format::kLevels, virt, step);
        bool hole = align_down(offset, k4K) == k1G + 7 * k4K;
        ASSERT_EQ(hit.has_value(), !hole) << std::hex << virt;
        if (hit)
            ASSERT_EQ(hit->physical, 0x4000'0000 + offset) << std::hex << virt;
    }
    auto code =
        walk(memory, space.root(), Format::kLevels, 0xffff'ffff'8000'0000 + 39 * k4K + 5, step);
    ASSERT_TRUE(code.has_value());
    EXPECT_EQ(code->physical, 0x4020'0000 + 39 * k4K + 5);
    EXPECT_EQ(space.query(kernel_base + 5 * k4K)->flags, kKernelReadOnly);
    EXPECT_EQ(space.query(kernel_base + 6 * k4K)->flags, kKernelData);
    space.destroy();
    EXPECT_EQ(memory.live_tables(), 0u);
}

} // namespace

TEST(PageFormats, GenericAddressSpaceOnX86_64Tables) {
    exercise<X86_64PageFormat>(x86_step, 0xffff'8000'0000'0000);
}

TEST(PageFormats, GenericAddressSpaceOnAarch64Tables) {
    exercise<Aarch64PageFormat>(arm_step, 0xffff'ffc0'0000'0000);
}

TEST(PageFormats, GenericAddressSpaceOnSv39Tables) {
    exercise<Sv39PageFormat>(sv39_step, 0xffff'ffc0'0000'0000);
}
