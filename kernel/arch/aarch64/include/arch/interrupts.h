#pragma once
// Masking interrupts on this CPU (the arch contract's Interrupts): PSTATE.I and PSTATE.F. Debug
// and SError masking (D, A) are left as the boot path set them.

#include <lib/types.h>

namespace mica::arch {

struct Interrupts {
    // DAIF as read from the register: bit 7 is I (IRQ masked), bit 6 is F (FIQ masked).
    using State = uint64_t;
    static constexpr State kIrqMasked = 1u << 7;
    static constexpr State kFiqMasked = 1u << 6;

    static State disable() {
        State state;
        asm volatile("mrs %0, daif\n msr daifset, #3" : "=r"(state)::"memory");
        return state;
    }
    static void restore(State state) { asm volatile("msr daif, %0" ::"r"(state) : "memory"); }
    static void enable() { asm volatile("msr daifclr, #3" ::: "memory"); }
    static bool are_enabled() {
        State state;
        asm volatile("mrs %0, daif" : "=r"(state));
        return (state & kIrqMasked) == 0;
    }
    // WFI wakes on a pending interrupt even while PSTATE masks it, so checking for work with
    // interrupts masked and then waiting loses no wakeup. Unmasking then takes the interrupt
    // (the ISB is the context synchronization at which it is recognized).
    static void wait_for_interrupt() {
        asm volatile("dsb sy\n wfi\n msr daifclr, #3\n isb\n msr daifset, #3" ::: "memory");
    }
};

} // namespace mica::arch
