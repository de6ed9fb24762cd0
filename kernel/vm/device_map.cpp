#include <arch/mmu.h>
#include <core/layout.h>
#include <lib/align.h>
#include <vm/device_map.h>
#include <vm/kernel_address_space.h>

namespace mica {

namespace {
// The next free address of the device window once the kernel's own table is active; starts
// above the early mappings, which keep their addresses.
VirtAddr g_next = 0;

VirtAddr first_free_address() {
    VirtAddr next = kDeviceMapBase;
    for (const DeviceMapping& mapping : arch::EarlyMmu::device_mappings())
        next = max(next, mapping.virt + mapping.size);
    return next + kPageSize; // a guard page after the last early mapping
}
} // namespace

Result<void*> map_device(PhysAddr phys, uint64_t size) {
    if (!kernel_address_space::is_active())
        return arch::EarlyMmu::map_device(phys, size);
    if (size == 0 || phys + size < phys)
        return Error::InvalidArgument;
    if (!g_next)
        g_next = first_free_address();
    PhysAddr start = align_down(phys, kPageSize);
    uint64_t length = align_up(phys + size, kPageSize) - start;
    if (g_next + length > kDeviceMapBase + kDeviceMapSize)
        return Error::NoMemory;
    TRY(kernel_address_space::map(g_next, start, length, kKernelDevice));
    VirtAddr mapped = g_next + (phys - start);
    g_next += length + kPageSize; // an unmapped guard page between devices
    return reinterpret_cast<void*>(mapped);
}

} // namespace mica
