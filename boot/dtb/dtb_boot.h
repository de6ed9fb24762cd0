#pragma once
// The Linux Image boot protocol front end, shared by aarch64 and riscv64: the loader (QEMU,
// U-Boot, OpenSBI + a payload, EFI stub) passes the physical address of a device tree in a
// register, and everything else the kernel learns about the machine at boot comes from it.

#include <core/boot_info.h>
#include <lib/result.h>

namespace mica::boot {

// Parses the DTB at `dtb_virt` (at most `max_size` bytes readable there, `dtb_phys` physically)
// and appends what it says to `info`: loader, dtb, boot_blob, command_line, memory regions
// (memory nodes as Usable; /reserved-memory children and the reservation block as Reserved)
// and the initrd as a boot module. Regions are recorded as found, overlaps and all; the frame
// allocator reconciles them. Fields the DTB cannot know (boot_cpu_id, kernel_image) are left
// alone. Fails on a malformed blob or when BootInfo runs out of room.
Result<void> fill_from_dtb(BootInfo& info, PhysAddr dtb_phys, const void* dtb_virt,
                           size_t max_size);

} // namespace mica::boot
