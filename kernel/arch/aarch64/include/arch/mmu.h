#pragma once
// The boot-time view of memory on aarch64 (mmu/early_mmu.cpp). boot/head.S maps the image at
// its link address; boot_main.cpp then maps RAM (from the DTB's memory nodes) into the direct
// map with 1 GiB / 2 MiB blocks. Issue 3 replaces this with the real VM system.

#include <core/layout.h>
#include <lib/result.h>
#include <lib/types.h>

namespace mica::arch {

struct EarlyMmu {
    static void* phys_to_virt(PhysAddr phys) {
        return reinterpret_cast<void*>(kDirectMapBase + phys);
    }
    // Direct-map and kernel-image addresses; anything else panics.
    static PhysAddr virt_to_phys(const void* virt);
    // Maps device registers Device-nGnRE, execute-never, in the device window.
    static Result<void*> map_device(PhysAddr phys, uint64_t size);
};

} // namespace mica::arch
