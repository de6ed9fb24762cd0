#pragma once
// PSCI (Arm DEN 0022), reached through the SMC Calling Convention with the conduit (HVC or SMC)
// the device tree's /psci node names: SYSTEM_OFF, SYSTEM_RESET, and CPU_ON to start secondary CPUs.

#include <lib/fdt.h>
#include <lib/result.h>

namespace mica::arch::psci {

enum class Conduit : uint8_t { None, Hvc, Smc };

// Reads the conduit from a PSCI 0.2+ node ("arm,psci-0.2" / "arm,psci-1.0", `method`).
// NotFound without such a node, Unsupported for an unknown method.
Result<Conduit> find_conduit(const Fdt& fdt);

// Remembers the conduit for later calls (boot_main.cpp, once the DTB is mapped).
void set_conduit(Conduit conduit);
Conduit conduit();

// Return only if there is no conduit or the firmware refuses.
void system_off();
void system_reset();

// Starts the CPU with MPIDR affinity `target` at physical `entry`, MMU off, with x0 = context,
// at the highest EL below the firmware (EL2 if the kernel was entered there). NotFound without
// a conduit; the firmware's refusal as an Error.
Result<void> cpu_on(uint64_t target, PhysAddr entry, uint64_t context);

} // namespace mica::arch::psci
