#pragma once
// The MMU on aarch64. EarlyMmu is the boot-time view (mmu/early_mmu.cpp): boot/head.S maps the
// image at its link address, boot_main.cpp maps RAM into the direct map with 1 GiB / 2 MiB blocks,
// and map_device() adds device pages. Mmu (mmu/kernel_table.cpp) then moves TTBR1 to the kernel
// table that kernel/vm/kernel_address_space builds, and maintains the TLB for it; TTBR0 translates
// the current user address space.

#include <core/layout.h>
#include <lib/result.h>
#include <lib/span.h>
#include <lib/types.h>
#include <vm/device_map.h>

namespace mica::arch {

struct EarlyMmu {
    static void* phys_to_virt(PhysAddr phys) {
        return reinterpret_cast<void*>(kDirectMapBase + phys);
    }
    // Direct-map and kernel-image addresses; anything else panics.
    static PhysAddr virt_to_phys(const void* virt);
    // Maps device registers Device-nGnRE, execute-never, in the device window. Refused once the
    // kernel table is active (the early tables are no longer walked then).
    static Result<void*> map_device(PhysAddr phys, uint64_t size);
    // Every mapping map_device() made, in order.
    static Span<const DeviceMapping> device_mappings();
};

struct Mmu {
    // TTBR1 := root, through the identity map so that no TLB ever holds entries of both tables
    // (they map the same addresses with different block sizes); then SCTLR_EL1.WXN.
    static void activate_kernel_table(PhysAddr root);
    // TLBI VAAE1IS per page (all ASIDs: kernel entries are global), VMALLE1IS for large ranges.
    static void invalidate_tlb(VirtAddr address, uint64_t size);
    // DSB ISHST + ISB: the walker must see new entries before the first access through them.
    // Invalid entries are never cached, so nothing needs invalidating.
    static void publish_mappings(VirtAddr address, uint64_t size);

    // TTBR0 := root (ASID 0), or an empty table for 0, then TLBI ASIDE1 for ASID 0 on this CPU
    // (mmu/user_table.cpp). User entries are non-global, so this drops the previous address
    // space's translations and keeps the kernel's global ones.
    static void activate_user_table(PhysAddr root);
    // TTBR1 holds the kernel half for every address space; user roots hold only the low half.
    static constexpr bool kUserTableHoldsKernelHalf = false;
};

} // namespace mica::arch
