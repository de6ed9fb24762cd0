#pragma once
// Board facts from ACPI tables (x86 PCs; also UEFI arm64 machines later). The tables are reached
// through the RSDP the boot front end recorded in BootInfo and read through the early direct map.

#include <core/boot_info.h>
#include <lib/result.h>

namespace mica::platform {

// The number of processors the MADT lists as enabled or online-capable.
Result<uint32_t> acpi_count_cpus(const BootInfo& info);

} // namespace mica::platform
