#include "interrupt.h"

#include <arch/cpu_local.h>
#include <arch/timer.h>
#include <arch/x86_64/apic/local_apic.h>
#include <arch/x86_64/apic/vectors.h>
#include <core/interrupt.h>

namespace mica::arch {

namespace {

InterruptCounts g_counts[kMaxCpus];

InterruptCounts& counts_here() { return g_counts[CpuLocalAccess::current()->index]; }

void count(Atomic<uint64_t>& counter) { counter.fetch_add(1, MemoryOrder::Relaxed); }

} // namespace

InterruptCounts& interrupt_counts(uint32_t cpu_index) { return g_counts[cpu_index]; }

void handle_interrupt(TrapFrame& frame) {
    uint64_t vector = frame.vector;
    // The local APIC acknowledged the interrupt by delivering it (its in-service bit is set until
    // the EOI below), so there is nothing to read first.
    switch (vector) {
    case vectors::kTimer:
        if (Timer::consume_deadline()) {
            count(counts_here().timer);
            handle_timer_interrupt();
        } else {
            count(counts_here().timer_rearmed);
            Timer::rearm();
        }
        break;
    case vectors::kIpi:
        count(counts_here().ipi);
        handle_ipi();
        break;
    case vectors::kApicError:
        count(counts_here().apic_errors);
        (void)LocalApic::take_errors();
        break;
    case vectors::kSpurious:
        // Not in service, so no EOI (Intel SDM Vol. 3A, 11.9); nothing ran, nothing to exit.
        count(counts_here().spurious);
        return;
    default:
        if (vector >= vectors::kFirstDevice && vector <= vectors::kLastDevice) {
            count(counts_here().device);
            handle_device_interrupt(uint32_t(vector - vectors::kFirstDevice));
            break;
        }
        // The masked 8259s' spurious IRQ 7/15 (or a stray vector): the PIC wants no EOI for a
        // spurious IRQ, and the local APIC never delivered it.
        count(counts_here().spurious);
        return;
    }
    LocalApic::end_of_interrupt();
    interrupt_exit();
}

} // namespace mica::arch
