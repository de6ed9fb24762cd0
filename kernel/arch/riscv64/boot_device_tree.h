#pragma once
// The device tree OpenSBI handed over, through the direct map, for backend code that has no
// BootInfo at hand (tests). NotFound when the loader passed none.

#include <lib/fdt.h>
#include <lib/result.h>

namespace mica::arch {

Result<Fdt> boot_device_tree();

} // namespace mica::arch
