#pragma once
// Starting harts and interrupting them, both through the SBI firmware: HSM hart_start, and the
// IPI extension, which raises sip.SSIP on the target.

#include <lib/result.h>
#include <lib/types.h>

namespace mica {
struct CpuLocal;
}

namespace mica::arch {

struct Smp {
    // hart_start(cpu.hardware_id) at the physical address of smp_entry.S, which turns the MMU on
    // with the kernel table (the boot hart's satp), then runs mica::secondary_main(cpu) on
    // stack_top with tp = &cpu and the trap vector installed.
    static Result<void> start_cpu(CpuLocal& cpu, uintptr_t stack_top);
    static void send_ipi(const CpuLocal& target);

    // The trap path on a supervisor software interrupt, before mica::handle_ipi(): clears SSIP
    // first, so an IPI sent while the handler runs raises it again instead of being lost.
    static void acknowledge_ipi();
};

} // namespace mica::arch
