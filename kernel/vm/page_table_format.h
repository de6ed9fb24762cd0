#pragma once
// The part of a page table that differs between ISAs, as a concept: how many levels, and how one
// entry is encoded. Everything else (walking, creating tables, splitting large pages, map, unmap,
// protect, query) is generic code in page_table_cursor.h and address_space.h, written once and
// host-tested against an emulated format.
//
// Levels count up from the leaf: level 0 entries map 4 KiB pages, level 1 entries 2 MiB, level 2
// entries 1 GiB, and level kLevels - 1 is the root. Each table is one 4 KiB frame of 512 entries.

#include <lib/types.h>
#include <lib/utility.h>
#include <vm/page_flags.h>

namespace mica {

using PageTableEntry = uint64_t;

constexpr unsigned kPageShift = 12;
constexpr uint64_t kPageSize = uint64_t{1} << kPageShift;
constexpr unsigned kTableIndexBits = 9;
constexpr unsigned kEntriesPerTable = 1u << kTableIndexBits;

// Bytes covered by one entry at `level`.
constexpr uint64_t level_size(unsigned level) {
    return uint64_t{1} << (kPageShift + kTableIndexBits * level);
}

constexpr unsigned level_index(VirtAddr address, unsigned level) {
    return unsigned(address >> (kPageShift + kTableIndexBits * level)) & (kEntriesPerTable - 1);
}

template <typename T>
concept PageTableFormat =
    requires(PageTableEntry entry, PhysAddr address, PageFlags flags, unsigned level) {
        // Number of levels (4 for x86_64 and aarch64 48-bit, 3 for riscv64 Sv39).
        { T::kLevels } -> ConvertibleTo<unsigned>;
        // The highest level whose entries may be leaves (1 GiB pages where the ISA has them).
        { T::kLargestLeafLevel } -> ConvertibleTo<unsigned>;
        // aarch64 requires a valid entry to be invalidated (and the TLB flushed) before it is
        // replaced by one of a different size; the others allow replacing in place.
        { T::kBreakBeforeMake } -> ConvertibleTo<bool>;
        { T::is_valid(entry) } -> SameAs<bool>;
        // A valid entry above level 0 is either a table pointer or a leaf (large page).
        { T::is_table(entry, level) } -> SameAs<bool>;
        { T::table_address(entry) } -> SameAs<PhysAddr>;
        { T::make_table(address) } -> SameAs<PageTableEntry>;
        { T::make_leaf(address, flags, level) } -> SameAs<PageTableEntry>;
        { T::leaf_address(entry, level) } -> SameAs<PhysAddr>;
        { T::leaf_flags(entry, level) } -> SameAs<PageFlags>;
    };

// Virtual addresses a format can translate: the low half and the high half of a
// (12 + 9 * kLevels)-bit sign-extended space.
template <PageTableFormat Format>
constexpr bool is_canonical(VirtAddr address) {
    constexpr unsigned bits = kPageShift + kTableIndexBits * Format::kLevels;
    auto high = static_cast<int64_t>(address) >> (bits - 1);
    return high == 0 || high == -1;
}

} // namespace mica
