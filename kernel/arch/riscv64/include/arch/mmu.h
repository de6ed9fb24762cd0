#pragma once
// The boot-time view of memory on riscv64 (Sv39). entry.S builds the early page tables before
// turning the MMU on (see README.md); EarlyMmu answers questions about them and adds device
// mappings. Issue 3's VM system replaces all of this.

#include <core/layout.h>
#include <lib/result.h>
#include <lib/types.h>

namespace mica::arch {

// An Sv39 page-table entry. A valid entry with R, W and X all clear points to the next level;
// any of them set makes it a leaf (4 KiB, or a 2 MiB / 1 GiB superpage at the upper levels).
struct Pte {
    uint64_t valid : 1;
    uint64_t read : 1;
    uint64_t write : 1;
    uint64_t execute : 1;
    uint64_t user : 1;
    uint64_t global : 1;
    uint64_t accessed : 1;
    uint64_t dirty : 1;
    uint64_t software : 2;
    uint64_t ppn : 44;
    uint64_t reserved : 7;
    uint64_t pbmt : 2; // Svpbmt memory type; 0 (PMA) since the base ISA has no types
    uint64_t napot : 1;

    bool is_leaf() const { return read || write || execute; }
};
static_assert(sizeof(Pte) == 8);

constexpr size_t kPageSize = 4096;
constexpr size_t kPteCount = 512;
constexpr unsigned kPageShift = 12;
constexpr unsigned kVpnBits = 9;

struct alignas(kPageSize) PageTable {
    Pte entries[kPteCount];
};

// The index of `address` in the table at `level` (2 is the root, 0 the leaves).
constexpr size_t vpn(VirtAddr address, unsigned level) {
    return (address >> (kPageShift + kVpnBits * level)) & (kPteCount - 1);
}

struct EarlyMmu {
    // All physical memory below kDirectMapMaxSize is mapped at kDirectMapBase with 1 GiB pages.
    static void* phys_to_virt(PhysAddr phys) {
        return reinterpret_cast<void*>(kDirectMapBase + phys);
    }
    // Accepts direct-map and kernel-image addresses (the image is mapped from where the loader
    // put it, which entry.S recorded).
    static PhysAddr virt_to_phys(const void* virt);
    // Maps [phys, phys + size) with 4 KiB pages in the device window and returns the address of
    // `phys` there. Sv39 without Svpbmt has no memory types: the platform's PMAs make device
    // regions uncached and strongly ordered, so these are plain read/write mappings (never
    // executable). NoMemory when the window or its small table pool is used up.
    static Result<void*> map_device(PhysAddr phys, uint64_t size);

    // Records where entry.S found the kernel; riscv64_boot_main calls it first of all.
    static void init(PhysAddr kernel_phys_base);
    // Where entry.S found the kernel, physically (2 MiB aligned, per the Image protocol).
    static PhysAddr kernel_phys_base();
};

} // namespace mica::arch
