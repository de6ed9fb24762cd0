#pragma once
// The early x86_64 MMU: the 4-level tables boot/entry32.S builds before entering long mode.
//   - the kernel image window: kKernelImageBase + p -> p for the first 2 GiB (2 MiB pages)
//   - the direct map: kDirectMapBase + p -> p for all of kDirectMapMaxSize (2 MiB pages, write
//     back; MMIO holes inside it are uncached anyway through the firmware's MTRRs)
//   - an identity map of the first GiB, used only across the switch to the higher half and
//     removed by drop_identity_map()
//   - the device window at kDeviceMapBase, filled by map_device() with uncached 4 KiB pages
// Issue 3's VM system replaces all of this.

#include <core/layout.h>
#include <lib/result.h>
#include <lib/types.h>

namespace mica::arch {

struct EarlyMmu {
    static constexpr uint64_t kDeviceWindowSize = 1ull << 30;

    static void* phys_to_virt(PhysAddr phys) {
        return reinterpret_cast<void*>(kDirectMapBase + phys);
    }
    // Direct map, kernel image window or device window; panics on any other address.
    static PhysAddr virt_to_phys(const void* virt);
    // Maps [phys, phys + size) uncached (PAT UC) and not executable, in 4 KiB pages.
    static Result<void*> map_device(PhysAddr phys, uint64_t size);

    // Called once on the higher-half stack: makes low addresses (and null) fault again, and
    // sets the PAT so the cache-type bits mean what map_device() expects.
    static void finish_boot_setup();
};

} // namespace mica::arch
