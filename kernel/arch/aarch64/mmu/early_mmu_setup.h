#pragma once
// The boot path's side of the early MMU (boot/boot_main.cpp): what head.S mapped is the image
// only; these add the direct map of RAM before generic code needs it.

#include <lib/result.h>
#include <lib/types.h>

namespace mica::arch::early_mmu {

// Where the loader put the image (the physical address head.S saw).
void set_image_base(PhysAddr image_phys);
PhysAddr image_base();
uint64_t image_size();
// Called once TTBR1 holds the kernel table: later map_direct() / map_device() calls fail, since
// nothing walks these tables any more.
void retire();

// Maps [base, base + size), widened to 2 MiB boundaries, into the direct map as normal memory,
// with 1 GiB blocks where alignment allows. OutOfRange beyond the direct map's reach, NoMemory
// when the static table pool runs out.
Result<void> map_direct(PhysAddr base, uint64_t size);

} // namespace mica::arch::early_mmu
