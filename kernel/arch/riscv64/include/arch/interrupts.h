#pragma once
// Masking interrupts on this hart: sstatus.SIE. The individual sources (sie.SSIE/STIE/SEIE) are
// enabled once per hart by Timer and InterruptController and stay on; SIE is the one switch.

#include <arch/csr.h>
#include <lib/types.h>

namespace mica::arch {

struct Interrupts {
    // Whether SIE was set before disable().
    using State = bool;

    static State disable() {
        uint64_t previous;
        asm volatile("csrrci %0, sstatus, %1" : "=r"(previous) : "i"(kSstatusSie) : "memory");
        return (previous & kSstatusSie) != 0;
    }
    static void restore(State state) {
        if (state)
            enable();
    }
    static void enable() { asm volatile("csrsi sstatus, %0" ::"i"(kSstatusSie) : "memory"); }
    static bool are_enabled() { return (read_sstatus() & kSstatusSie) != 0; }

    // wfi wakes on any source pending in sip & sie whatever SIE says, so an interrupt that arrived
    // after the caller's check is still pending here and ends the wait at once. Opening SIE for
    // one instruction then takes it through the trap vector.
    static void wait_for_interrupt() {
        asm volatile("wfi\n"
                     "csrsi sstatus, %0\n"
                     "csrci sstatus, %0" ::"i"(kSstatusSie)
                     : "memory");
    }
};

} // namespace mica::arch
