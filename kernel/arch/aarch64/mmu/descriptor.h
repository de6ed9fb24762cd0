#pragma once
// VMSAv8-64 stage 1 translation table descriptors for the 4 KiB granule (Arm ARM D8.3), as the
// early MMU code builds them. The bit values are the ones boot/early_tables.S uses too.

#include <arch/aarch64/asm_defs.h>
#include <lib/types.h>

namespace mica::arch {

// What a mapping holds, which fixes its MAIR index, shareability and permissions.
enum class MemoryType : uint8_t {
    Device,     // Device-nGnRE, read-write, never executable
    NormalData, // write-back cacheable, inner shareable, read-write, never executable
};

struct Descriptor {
    static constexpr uint64_t kOutputAddressMask = 0x0000'ffff'ffff'f000;
    static constexpr uint64_t kValid = DESC_VALID;
    static constexpr uint64_t kTableOrPage = 1ull << 1; // at L0..L2: table; at L3: page
    static constexpr uint64_t kAttrIndexShift = 2;
    static constexpr uint64_t kAttrDevice = 0; // MAIR_EL1 attr0
    static constexpr uint64_t kAttrNormal = 1; // MAIR_EL1 attr1
    static constexpr uint64_t kShareableInner = 3ull << 8;
    static constexpr uint64_t kAccessFlag = 1ull << 10;
    static constexpr uint64_t kPrivilegedExecuteNever = 1ull << 53;
    static constexpr uint64_t kUnprivilegedExecuteNever = 1ull << 54;

    uint64_t raw = 0;

    static constexpr Descriptor table(PhysAddr next_table) {
        return {(next_table & kOutputAddressMask) | kValid | kTableOrPage};
    }
    // A 1 GiB (L1) or 2 MiB (L2) block.
    static constexpr Descriptor block(PhysAddr base, MemoryType type) {
        return {(base & kOutputAddressMask) | kValid | leaf_attributes(type)};
    }
    // A 4 KiB page (L3).
    static constexpr Descriptor page(PhysAddr base, MemoryType type) {
        return {(base & kOutputAddressMask) | kValid | kTableOrPage | leaf_attributes(type)};
    }

    constexpr bool is_valid() const { return raw & kValid; }
    // Meaningful at L0..L2 only.
    constexpr bool is_table() const { return is_valid() && (raw & kTableOrPage); }
    constexpr PhysAddr output_address() const { return raw & kOutputAddressMask; }

private:
    static constexpr uint64_t leaf_attributes(MemoryType type) {
        uint64_t never_execute = kPrivilegedExecuteNever | kUnprivilegedExecuteNever;
        switch (type) {
        case MemoryType::Device:
            return (kAttrDevice << kAttrIndexShift) | kAccessFlag | never_execute;
        case MemoryType::NormalData:
            return (kAttrNormal << kAttrIndexShift) | kShareableInner | kAccessFlag | never_execute;
        }
        return 0;
    }
};

static_assert(Descriptor::kAccessFlag == DESC_AF && Descriptor::kShareableInner == DESC_SH_INNER &&
              Descriptor::kPrivilegedExecuteNever == DESC_PXN &&
              Descriptor::kUnprivilegedExecuteNever == DESC_UXN &&
              (Descriptor::kAttrNormal << Descriptor::kAttrIndexShift) == DESC_ATTR_NORMAL);

struct alignas(PAGE_SIZE) PageTable {
    static constexpr size_t kEntries = 512;
    Descriptor entries[kEntries];
};

constexpr size_t table_index(VirtAddr address, unsigned shift) {
    return (address >> shift) & TABLE_INDEX_MASK;
}

} // namespace mica::arch
