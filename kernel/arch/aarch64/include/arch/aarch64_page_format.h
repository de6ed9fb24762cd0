#pragma once
// VMSAv8-64 stage 1 descriptors, 4 KiB granule, 48-bit addresses (Arm ARM D8.3) as a
// PageTableFormat for the generic address space. Generic level 3 is the Arm L0 table, generic
// level 0 the L3 page table. Pure bit encoding, host-tested.

#include <vm/page_table_format.h>

namespace mica::arch {

struct Aarch64PageFormat {
    static constexpr unsigned kLevels = 4;
    static constexpr unsigned kLargestLeafLevel = 2; // 1 GiB blocks at L1
    // Changing a valid entry's size without going through invalid first is a TLB conflict
    // unless FEAT_BBM level 2 says otherwise; we do not rely on it.
    static constexpr bool kBreakBeforeMake = true;

    static constexpr uint64_t kValid = 1ull << 0;
    static constexpr uint64_t kTableOrPage = 1ull << 1; // table above L3, page at L3
    static constexpr unsigned kAttrIndexShift = 2;
    // MAIR_EL1 as the backend programs it (asm_defs.h): attr0 Device-nGnRE, attr1 Normal WB.
    static constexpr uint64_t kAttrDevice = 0ull << kAttrIndexShift;
    static constexpr uint64_t kAttrNormal = 1ull << kAttrIndexShift;
    static constexpr uint64_t kAttrMask = 7ull << kAttrIndexShift;
    static constexpr uint64_t kUserAccess = 1ull << 6; // AP[1]: EL0 may access
    static constexpr uint64_t kReadOnly = 1ull << 7;   // AP[2]
    static constexpr uint64_t kInnerShareable = 3ull << 8;
    static constexpr uint64_t kAccessFlag = 1ull << 10;
    static constexpr uint64_t kNotGlobal = 1ull << 11;
    static constexpr uint64_t kPrivilegedExecuteNever = 1ull << 53;
    static constexpr uint64_t kUnprivilegedExecuteNever = 1ull << 54;
    static constexpr uint64_t kAddressMask = 0x0000'ffff'ffff'f000;

    static constexpr bool is_valid(PageTableEntry entry) { return entry & kValid; }
    static constexpr bool is_table(PageTableEntry entry, unsigned level) {
        return level > 0 && (entry & kTableOrPage);
    }
    static constexpr PhysAddr table_address(PageTableEntry entry) { return entry & kAddressMask; }
    static constexpr PageTableEntry make_table(PhysAddr table) {
        return (table & kAddressMask) | kValid | kTableOrPage;
    }
    static constexpr PageTableEntry make_leaf(PhysAddr address, PageFlags flags, unsigned level) {
        PageTableEntry entry = (address & kAddressMask) | kValid | kAccessFlag;
        if (level == 0)
            entry |= kTableOrPage;
        entry |= flags.type == MemoryType::Device ? kAttrDevice : kAttrNormal | kInnerShareable;
        if (!flags.writable)
            entry |= kReadOnly;
        if (flags.user)
            entry |= kUserAccess;
        if (!flags.global)
            entry |= kNotGlobal;
        // The kernel never executes user pages, and user code never executes kernel pages.
        if (!flags.executable || flags.user)
            entry |= kPrivilegedExecuteNever;
        if (!flags.executable || !flags.user)
            entry |= kUnprivilegedExecuteNever;
        return entry;
    }
    static constexpr PhysAddr leaf_address(PageTableEntry entry, unsigned level) {
        return entry & kAddressMask & ~(level_size(level) - 1);
    }
    static constexpr PageFlags leaf_flags(PageTableEntry entry, unsigned) {
        bool user = entry & kUserAccess;
        uint64_t never = user ? kUnprivilegedExecuteNever : kPrivilegedExecuteNever;
        return PageFlags{.writable = !(entry & kReadOnly),
                         .executable = !(entry & never),
                         .user = user,
                         .global = !(entry & kNotGlobal),
                         .type = (entry & kAttrMask) == kAttrDevice ? MemoryType::Device
                                                                    : MemoryType::Normal};
    }
};

static_assert(PageTableFormat<Aarch64PageFormat>);

} // namespace mica::arch
