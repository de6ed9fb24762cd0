#pragma once
// x86_64 4-level paging entries (Intel SDM Vol. 3A, 4.5) as a PageTableFormat for the generic
// address space. Pure bit encoding: no instructions, so host tests check it directly.

#include <vm/page_table_format.h>

namespace mica::arch {

struct X86_64PageFormat {
    static constexpr unsigned kLevels = 4;
    // 1 GiB pages need CPUID.80000001:EDX.Page1GB, which not every CPU (or QEMU model) has;
    // 2 MiB pages are universal.
    static constexpr unsigned kLargestLeafLevel = 1;
    static constexpr bool kBreakBeforeMake = false;

    static constexpr uint64_t kPresent = 1ull << 0;
    static constexpr uint64_t kWritable = 1ull << 1;
    static constexpr uint64_t kUser = 1ull << 2;
    static constexpr uint64_t kWriteThrough = 1ull << 3; // PWT
    static constexpr uint64_t kCacheDisable = 1ull << 4; // PCD
    static constexpr uint64_t kAccessed = 1ull << 5;
    static constexpr uint64_t kDirty = 1ull << 6;
    static constexpr uint64_t kLargePage = 1ull << 7; // PS in PDPTEs and PDEs
    static constexpr uint64_t kGlobal = 1ull << 8;
    static constexpr uint64_t kExecuteDisable = 1ull << 63;
    static constexpr uint64_t kAddressMask = 0x000f'ffff'ffff'f000;
    // In a large-page entry bit 12 is PAT, so the frame address starts at bit 21 (or 30).
    static constexpr uint64_t kLargeAddressMask = 0x000f'ffff'ffe0'0000;

    static constexpr bool is_valid(PageTableEntry entry) { return entry & kPresent; }
    static constexpr bool is_table(PageTableEntry entry, unsigned level) {
        return level > 0 && !(entry & kLargePage);
    }
    static constexpr PhysAddr table_address(PageTableEntry entry) { return entry & kAddressMask; }
    // Tables allow everything; the leaf decides. Accessed is preset so the CPU need not write it.
    static constexpr PageTableEntry make_table(PhysAddr table) {
        return (table & kAddressMask) | kPresent | kWritable | kUser | kAccessed;
    }
    static constexpr PageTableEntry make_leaf(PhysAddr address, PageFlags flags, unsigned level) {
        PageTableEntry entry = (address & kAddressMask) | kPresent | kAccessed;
        if (flags.writable)
            entry |= kWritable | kDirty;
        if (flags.user)
            entry |= kUser;
        if (flags.global)
            entry |= kGlobal;
        if (!flags.executable)
            entry |= kExecuteDisable;
        // PAT index 3 (PCD | PWT) is uncacheable in the PAT layout the backend programs.
        if (flags.type == MemoryType::Device)
            entry |= kCacheDisable | kWriteThrough;
        if (level > 0)
            entry |= kLargePage;
        return entry;
    }
    static constexpr PhysAddr leaf_address(PageTableEntry entry, unsigned level) {
        return entry & (level > 0 ? kLargeAddressMask : kAddressMask);
    }
    static constexpr PageFlags leaf_flags(PageTableEntry entry, unsigned) {
        return PageFlags{.writable = bool(entry & kWritable),
                         .executable = !(entry & kExecuteDisable),
                         .user = bool(entry & kUser),
                         .global = bool(entry & kGlobal),
                         .type = (entry & kCacheDisable) ? MemoryType::Device : MemoryType::Normal};
    }
};

static_assert(PageTableFormat<X86_64PageFormat>);

} // namespace mica::arch
