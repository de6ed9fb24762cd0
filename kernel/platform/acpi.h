#pragma once
// Board facts from ACPI tables (x86 PCs; also UEFI arm64 machines later). The tables are reached
// through the RSDP the boot front end recorded in BootInfo and read through the early direct map.

#include <core/boot_info.h>
#include <lib/acpi_tables.h>
#include <lib/fixed_vector.h>
#include <lib/result.h>
#include <lib/span.h>

namespace mica::platform {

// The number of processors the MADT lists as enabled or online-capable.
Result<uint32_t> acpi_count_cpus(const BootInfo& info);

// The boot firmware's MADT, read through the direct map.
Result<Bytes> boot_madt(const BootInfo& info);

// Local APIC ids of the processors the MADT lists as enabled, in table order.
Result<void> acpi_list_cpus(const BootInfo& info, FixedVector<uint64_t, 64>& ids);

// Every table the firmware lists (see acpi::visit_tables), read through the direct map.
Result<void> acpi_visit_tables(const BootInfo& info, acpi::TableVisitor& visitor);

} // namespace mica::platform
