#pragma once
// Masking maskable interrupts on this CPU: RFLAGS.IF. NMIs and exceptions are not affected.

#include <arch/registers.h>
#include <lib/types.h>

namespace mica::arch {

struct Interrupts {
    // The RFLAGS.IF bit as it was; nothing else of RFLAGS is restored.
    struct State {
        bool enabled;
    };

    static State disable() {
        uint64_t flags;
        // pushf and cli in one asm, so the compiler cannot move memory accesses between them.
        asm volatile("pushfq; popq %0; cli" : "=r"(flags)::"memory");
        return State{(flags & kRflagsInterruptEnable) != 0};
    }
    static void restore(State state) {
        if (state.enabled)
            asm volatile("sti" ::: "memory");
    }
    static void enable() { asm volatile("sti" ::: "memory"); }
    static bool are_enabled() { return (read_rflags() & kRflagsInterruptEnable) != 0; }

    // sti delays interrupt recognition until after the next instruction (the "interrupt shadow",
    // Intel SDM Vol. 2B, STI), so nothing can be delivered between sti and hlt: an interrupt that
    // is already pending, or arrives later, wakes hlt and is handled before the cli. No wakeup
    // is lost between the caller's check and the halt.
    static void wait_for_interrupt() { asm volatile("sti; hlt; cli" ::: "memory"); }
};

} // namespace mica::arch
