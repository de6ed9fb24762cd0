#pragma once
// Finding the ACPI RSDP the legacy way, for loaders that pass no ACPI tag: BIOS firmware puts
// it on a 16-byte boundary in the first KiB of the EBDA or in 0xe0000..0xfffff (ACPI 6.5, 5.2.5.1).

#include <lib/types.h>

namespace mica::arch {

// The RSDP's physical address, or 0 when none with a valid checksum is there.
PhysAddr find_bios_rsdp();

} // namespace mica::arch
