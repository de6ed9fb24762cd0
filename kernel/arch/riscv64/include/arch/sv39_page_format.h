#pragma once
// RISC-V Sv39 page-table entries (privileged spec, 4.4) as a PageTableFormat for the generic
// address space. Pure bit encoding, host-tested.

#include <vm/page_table_format.h>

namespace mica::arch {

struct Sv39PageFormat {
    static constexpr unsigned kLevels = 3;
    static constexpr unsigned kLargestLeafLevel = 2; // gigapages
    static constexpr bool kBreakBeforeMake = false;

    static constexpr uint64_t kValid = 1ull << 0;
    static constexpr uint64_t kRead = 1ull << 1;
    static constexpr uint64_t kWrite = 1ull << 2;
    static constexpr uint64_t kExecute = 1ull << 3;
    static constexpr uint64_t kUser = 1ull << 4;
    static constexpr uint64_t kGlobal = 1ull << 5;
    static constexpr uint64_t kAccessed = 1ull << 6;
    static constexpr uint64_t kDirty = 1ull << 7;
    // Sv39 without Svpbmt has no memory types (the platform's PMAs decide), so the device
    // marking lives in a bit reserved for software, where protect() and query() can read it.
    static constexpr uint64_t kSoftwareDevice = 1ull << 8;
    static constexpr unsigned kPpnShift = 10;
    static constexpr uint64_t kPpnMask = ((1ull << 44) - 1) << kPpnShift;

    static constexpr bool is_valid(PageTableEntry entry) { return entry & kValid; }
    static constexpr bool is_table(PageTableEntry entry, unsigned level) {
        return level > 0 && !(entry & (kRead | kWrite | kExecute));
    }
    static constexpr PhysAddr table_address(PageTableEntry entry) {
        return ((entry & kPpnMask) >> kPpnShift) << kPageShift;
    }
    static constexpr PageTableEntry make_table(PhysAddr table) {
        return ((table >> kPageShift) << kPpnShift) | kValid;
    }
    // Accessed and Dirty are preset: hardware that does not update them would fault instead.
    static constexpr PageTableEntry make_leaf(PhysAddr address, PageFlags flags, unsigned) {
        PageTableEntry entry = ((address >> kPageShift) << kPpnShift) | kValid | kRead | kAccessed;
        if (flags.writable)
            entry |= kWrite | kDirty;
        if (flags.executable)
            entry |= kExecute;
        if (flags.user)
            entry |= kUser;
        if (flags.global)
            entry |= kGlobal;
        if (flags.type == MemoryType::Device)
            entry |= kSoftwareDevice;
        return entry;
    }
    static constexpr PhysAddr leaf_address(PageTableEntry entry, unsigned level) {
        return table_address(entry) & ~(level_size(level) - 1);
    }
    static constexpr PageFlags leaf_flags(PageTableEntry entry, unsigned) {
        return PageFlags{.writable = bool(entry & kWrite),
                         .executable = bool(entry & kExecute),
                         .user = bool(entry & kUser),
                         .global = bool(entry & kGlobal),
                         .type =
                             (entry & kSoftwareDevice) ? MemoryType::Device : MemoryType::Normal};
    }
};

static_assert(PageTableFormat<Sv39PageFormat>);

} // namespace mica::arch
