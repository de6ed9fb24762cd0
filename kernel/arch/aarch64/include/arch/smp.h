#pragma once
// Starting CPUs and sending IPIs (the arch contract's Smp). CPUs start through PSCI CPU_ON
// (smp/start_cpu.cpp, smp/secondary_entry.S); the IPI is one SGI through the GIC
// (gic/interrupt_controller.cpp).

#include <lib/result.h>
#include <lib/types.h>

namespace mica {
struct CpuLocal;
}

namespace mica::arch {

struct Smp {
    // cpu.hardware_id is the target's MPIDR affinity (Aff3 in 39:32, Aff2..Aff0 in 23:0).
    static Result<void> start_cpu(CpuLocal& cpu, uintptr_t stack_top);
    static void send_ipi(const CpuLocal& target);
};

} // namespace mica::arch
