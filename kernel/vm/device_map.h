#pragma once
// Device registers in the kernel's device window (kernel/core/layout.h), mapped uncached. Before
// the kernel's own page table is active this goes through the arch's early tables; afterwards
// through the kernel address space, which keeps every early mapping where it was.

#include <lib/result.h>
#include <lib/types.h>

namespace mica {

struct DeviceMapping {
    VirtAddr virt;
    PhysAddr phys;
    uint64_t size; // a whole number of pages
};

// Maps [phys, phys + size) (widened to whole pages) and returns the address of `phys`.
Result<void*> map_device(PhysAddr phys, uint64_t size);

} // namespace mica
