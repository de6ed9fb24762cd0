#pragma once
// The kernel's own page table, built once at boot on every ISA by the same code: the image with
// W^X (text read+execute, read-only data read-only, data and bss read+write, never executable),
// the direct map of every memory region the loader described, and the device mappings made so
// far, all at the addresses of kernel/core/layout.h. Then the arch switches to it and the early
// tables are no longer used.

#include <core/boot_info.h>
#include <lib/optional.h>
#include <lib/result.h>
#include <vm/address_space.h>

namespace mica::kernel_address_space {

// Once, after physical_memory::init(). The caller panics on an error.
Result<void> init(const BootInfo& info);
bool is_active();

// The kernel address space; only valid once init() succeeded.
Result<void> map(VirtAddr address, PhysAddr physical, uint64_t size, PageFlags flags);
Result<void> unmap(VirtAddr address, uint64_t size);
Result<void> protect(VirtAddr address, uint64_t size, PageFlags flags);
Optional<Translation> query(VirtAddr address);

// The root table (user roots copy its upper half where one root holds both halves).
PhysAddr root();

// Frames holding the kernel's page tables.
uint64_t table_frames();

} // namespace mica::kernel_address_space
