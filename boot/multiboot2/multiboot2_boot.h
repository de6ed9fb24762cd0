#pragma once
// The multiboot2 front end (x86_64 via GRUB): turns the boot information structure the loader
// leaves in ebx into a BootInfo.

#include <core/boot_info.h>
#include <lib/result.h>

namespace mica::boot {

// The largest information structure accepted: GRUB's are a few KiB (tens with a big EFI memory
// map); a larger total_size means a corrupt header, not a bigger machine.
constexpr size_t kMaxMultiboot2InfoSize = 1u << 20;

// Parses the information structure at `info_virt` (physically at `info_phys`) and fills `info`:
// loader ("multiboot2: <boot loader name>"), command_line, memory regions (the memory map, or
// the basic lower/upper memory tag when there is none), modules, acpi_rsdp (the physical address
// of the RSDP copy inside the structure, 2.0+ preferred), a direct-RGB framebuffer and boot_blob.
// Strings are views into the structure, which must stay mapped and reserved. kernel_image and
// boot_cpu_id are left to the arch entry. Fails on a malformed structure or a full BootInfo.
Result<void> fill_from_multiboot2(BootInfo& info, PhysAddr info_phys, const void* info_virt);

} // namespace mica::boot
