#pragma once
// The x86_64 MMU.
//
// EarlyMmu: the 4-level tables boot/entry32.S builds before entering long mode, used until
// kernel_main() switches to the kernel's own table (kernel/vm/kernel_address_space):
//   - the kernel image window: kKernelImageBase + p -> p for the first 2 GiB (2 MiB pages, RWX)
//   - the direct map: kDirectMapBase + p -> p for all of kDirectMapMaxSize (2 MiB pages, write
//     back; MMIO holes inside it are uncached anyway through the firmware's MTRRs)
//   - an identity map of the first GiB, used only across the switch to the higher half and
//     removed by finish_boot_setup()
//   - the device window at kDeviceMapBase, filled by map_device() with uncached 4 KiB pages and
//     recorded so the kernel table can keep them (device_mappings())
// The address arithmetic of phys_to_virt() / virt_to_phys() stays valid after the switch, since
// the kernel table puts the image and the direct map at the same places.
//
// Mmu: loading the kernel table, switching user tables and TLB maintenance.

#include <core/layout.h>
#include <lib/result.h>
#include <lib/span.h>
#include <lib/types.h>
#include <vm/device_map.h>

namespace mica::arch {

struct EarlyMmu {
    static constexpr uint64_t kDeviceWindowSize = 1ull << 30;

    static void* phys_to_virt(PhysAddr phys) {
        return reinterpret_cast<void*>(kDirectMapBase + phys);
    }
    // Direct map, kernel image window or early device mappings; panics on any other address.
    static PhysAddr virt_to_phys(const void* virt);
    // Maps [phys, phys + size) uncached (PAT UC) and not executable, in 4 KiB pages. Only before
    // the switch to the kernel table (mica::map_device() takes over then); panics afterwards.
    static Result<void*> map_device(PhysAddr phys, uint64_t size);
    // Every range map_device() mapped, in whole pages.
    static Span<const DeviceMapping> device_mappings();

    // Called once on the higher-half stack: makes low addresses (and null) fault again, and
    // sets the PAT so the cache-type bits mean what map_device() expects.
    static void finish_boot_setup();
};

struct Mmu {
    // Loads `root` into CR3 with a full flush (global entries included) and turns on global
    // pages. The root has only kernel-half entries: the low half is empty from then on.
    static void activate_kernel_table(PhysAddr root);
    // invlpg per page, or a full flush (global entries included) for large ranges.
    static void invalidate_tlb(VirtAddr address, uint64_t size);
    // x86 never caches a translation whose entries are not present (Intel SDM Vol. 3A, 4.10.2.3)
    // and the page walk sees this CPU's earlier stores, so new entries need only to be written
    // before the access that uses them: a compiler barrier.
    static void publish_mappings(VirtAddr, uint64_t) { asm volatile("" ::: "memory"); }

    // One CR3 holds both halves: every user root carries the kernel root's upper-half entries
    // (kept in step by generic code), so switching address spaces is one CR3 write.
    static constexpr bool kUserTableHoldsKernelHalf = true;
    // CR3 = `root`, or the kernel root with 0. The write drops every non-global translation, i.e.
    // all of the previous process's (user pages are never global), and keeps the kernel's.
    static void activate_user_table(PhysAddr root);
};

} // namespace mica::arch
