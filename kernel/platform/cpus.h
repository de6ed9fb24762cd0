#pragma once
// The CPUs the firmware describes, by hardware id: local APIC ids from the ACPI MADT, or the reg
// of each enabled /cpus/cpu node in the device tree (MPIDR affinity on aarch64, hart id on
// riscv64). Generic: what an id means is the arch's business (arch::Smp::start_cpu).

#include <core/boot_info.h>
#include <lib/fixed_vector.h>
#include <lib/result.h>

namespace mica {
class Fdt;
}

namespace mica::platform {

constexpr size_t kMaxDescribedCpus = 64;
using CpuIds = FixedVector<uint64_t, kMaxDescribedCpus>;

// In firmware order. NotFound when neither a DTB nor ACPI describes any CPU.
Result<void> enumerate_cpus(const BootInfo& info, CpuIds& ids);

// The device-tree half, pure (host-tested): reg of every enabled /cpus child of type "cpu".
Result<void> list_cpu_nodes(const Fdt& fdt, CpuIds& ids);

} // namespace mica::platform
