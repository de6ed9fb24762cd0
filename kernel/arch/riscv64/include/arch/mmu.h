#pragma once
// Memory management on riscv64 (Sv39). entry.S builds the early page tables before turning the
// MMU on (see README.md); EarlyMmu answers questions about them and adds device mappings until
// kernel/vm/kernel_address_space has built the kernel's own table, which Mmu then switches to.

#include <core/layout.h>
#include <lib/result.h>
#include <lib/span.h>
#include <lib/types.h>
#include <vm/device_map.h>
#include <vm/page_table_format.h>

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

struct alignas(kPageSize) PageTable {
    Pte entries[kEntriesPerTable];
};

struct EarlyMmu {
    // All physical memory below kDirectMapMaxSize is mapped at kDirectMapBase with 1 GiB pages
    // in the early tables; the kernel table keeps the same addresses for every memory region.
    static void* phys_to_virt(PhysAddr phys) {
        return reinterpret_cast<void*>(kDirectMapBase + phys);
    }
    // Accepts direct-map and kernel-image addresses (the image is mapped from where the loader
    // put it, which entry.S recorded); panics on any other address.
    static PhysAddr virt_to_phys(const void* virt);
    // Maps [phys, phys + size) with 4 KiB pages in the device window and returns the address of
    // `phys` there. Sv39 without Svpbmt has no memory types: the platform's PMAs make device
    // regions uncached and strongly ordered, so these are plain read/write mappings (never
    // executable). NoMemory when the window, its small table pool or the record of mappings is
    // used up; Unsupported once the kernel table is active (kernel/vm/device_map.h maps then).
    static Result<void*> map_device(PhysAddr phys, uint64_t size);
    // Every mapping map_device() made, in order, so the kernel table can keep them in place.
    static Span<const DeviceMapping> device_mappings();

    // Records where entry.S found the kernel; riscv64_boot_main calls it first of all.
    static void init(PhysAddr kernel_phys_base);
    // Where entry.S found the kernel, physically (2 MiB aligned, per the Image protocol).
    static PhysAddr kernel_phys_base();
    // Whether satp still points at entry.S's tables.
    static bool early_tables_active();
};

struct Mmu {
    // satp = Sv39 | root, ASID 0, then a full sfence.vma: the early tables mapped the same
    // kernel addresses with global entries, which only a fence without an address drops.
    static void activate_kernel_table(PhysAddr root);
    // sfence.vma per 4 KiB page of the range, or one for everything when that is cheaper. This
    // hart only: the kernel address space runs it on every online hart by IPI (shootdown).
    static void invalidate_tlb(VirtAddr address, uint64_t size);
    // A hart may cache invalid entries, so new mappings need the same sfence.vma.
    static void publish_mappings(VirtAddr address, uint64_t size) { invalidate_tlb(address, size); }
    // satp = Sv39 | root (the kernel's root when 0), ASID 0 for every table, then an
    // sfence.vma for ASID 0 that drops the previous table's non-global (user) translations and
    // keeps the kernel's global ones.
    static void activate_user_table(PhysAddr root);
    // Sv39 has one satp: every user root carries the kernel's upper-half root entries.
    static constexpr bool kUserTableHoldsKernelHalf = true;
};

} // namespace mica::arch
