#pragma once
// The processors a MADT lists as enabled, by local APIC id (xAPIC and x2APIC entries), in table
// order: the order the firmware expects them to be brought up in.

#include <lib/fixed_vector.h>
#include <lib/result.h>
#include <lib/span.h>

namespace mica::acpi {

constexpr size_t kMaxListedProcessors = 64;
using ProcessorIds = FixedVector<uint64_t, kMaxListedProcessors>;

// `madt` is the whole table, already checksummed (find_table). Errors: Truncated or Malformed
// entries, Full past kMaxListedProcessors.
Result<void> list_madt_processors(Bytes madt, ProcessorIds& ids);

} // namespace mica::acpi
