#pragma once
// Interrupt dispatch: one vector from the IDT to exactly one of the generic handlers
// (core/interrupt.h), then end of interrupt at the local APIC, then interrupt_exit().

#include <arch/trap_frame.h>
#include <core/cpu_local.h>
#include <lib/atomic.h>

namespace mica::arch {

constexpr uint64_t kFirstInterruptVector = 32;

void handle_interrupt(TrapFrame& frame);

// What arrived on each CPU, by source; for tests and diagnostics. Early timer interrupts (the
// LAPIC count ran out before a deadline beyond its range) are re-armed and counted apart.
struct InterruptCounts {
    Atomic<uint64_t> timer{0};
    Atomic<uint64_t> timer_rearmed{0};
    Atomic<uint64_t> ipi{0};
    Atomic<uint64_t> device{0};
    Atomic<uint64_t> spurious{0};
    Atomic<uint64_t> apic_errors{0};
};
InterruptCounts& interrupt_counts(uint32_t cpu_index);

} // namespace mica::arch
