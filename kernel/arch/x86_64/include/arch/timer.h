#pragma once
// Time on x86_64.
//
// Clock: the time-stamp counter, read with rdtsc, converted to nanoseconds with a fixed-point
// multiplier. Its frequency comes from CPUID leaf 0x15 (crystal clock ratio) when the CPU
// reports it, else from counting TSC ticks across a known stretch of the 8254 PIT (channel 2,
// 1.193182 MHz, polled through port 0x61, which every PC chipset and QEMU's q35 has). The TSC
// ticks at one rate on all CPUs of a QEMU guest (and on any CPU with an invariant TSC), which is
// what "the same on every CPU" needs; QEMU's TCG TSC follows the host's.
//
// Timer: the local APIC timer, in TSC-deadline mode when CPUID.1:ECX[24] says so (the deadline
// is written as a TSC value: no range limit), else in one-shot mode with a count calibrated
// against the clock at boot. A one-shot count has 32 bits; a deadline further away than that
// fires early, and the interrupt path re-arms it (consume_deadline(), rearm()) instead of
// reporting it.

#include <lib/result.h>
#include <lib/types.h>

namespace mica {
struct BootInfo;
}

namespace mica::arch {

struct Clock {
    static Result<void> init(const BootInfo& info);
    static uint64_t now_ns();

    // For the timer and tests.
    static uint64_t tsc_frequency();
    static uint64_t ns_to_tsc(uint64_t ns); // a duration
    static uint64_t tsc_at(uint64_t ns);    // the TSC value at or just after now_ns() == ns
    static bool calibrated_from_cpuid();
    // Busy-waits at least `ns` (AP start-up timing).
    static void spin_for_ns(uint64_t ns);
};

struct Timer {
    static Result<void> init_this_cpu();
    static void set_deadline(uint64_t deadline_ns);
    static void cancel();

    // The interrupt path (traps/interrupt.cpp): true, once, when this CPU's deadline has passed
    // (it is then forgotten); and re-arming for the rest of a deadline that was beyond the
    // one-shot count's range.
    static bool consume_deadline();
    static void rearm();
    static bool uses_tsc_deadline();
    static uint64_t apic_timer_frequency(); // 0 in TSC-deadline mode
};

} // namespace mica::arch
