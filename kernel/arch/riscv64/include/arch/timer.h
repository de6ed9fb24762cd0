#pragma once
// Time on riscv64: the `time` counter, which every hart shares and which ticks at the DTB's
// /cpus timebase-frequency (10 MHz on QEMU virt), and a per-hart deadline on it. The deadline is
// stimecmp when every hart has Sstc (a CSR write, no trip to M-mode), else SBI TIME set_timer.

#include <arch/csr.h>
#include <lib/result.h>
#include <lib/types.h>

namespace mica {
struct BootInfo;
}

namespace mica::arch {

namespace clock_detail {
constexpr uint64_t kNsPerSecond = 1'000'000'000;
extern uint64_t g_frequency;   // ticks per second; 0 before Clock::init
extern uint64_t g_ns_per_tick; // when a tick is a whole number of ns (the usual case), else 0
} // namespace clock_detail

struct Clock {
    // Reads timebase-frequency from the DTB and decides how Timer arms deadlines.
    static Result<void> init(const BootInfo& info);

    static uint64_t now_ns() { return ticks_to_ns(read_time()); }

    static uint64_t frequency() { return clock_detail::g_frequency; }
    // Exact (floor) conversions; the division only runs for timebases that do not divide 1 GHz.
    static uint64_t ticks_to_ns(uint64_t ticks) {
        using namespace clock_detail;
        if (g_ns_per_tick != 0)
            return ticks * g_ns_per_tick;
        return ticks / g_frequency * kNsPerSecond +
               ticks % g_frequency * kNsPerSecond / g_frequency;
    }
    // The first tick at which ticks_to_ns() >= ns (rounded up), saturating.
    static uint64_t ns_to_ticks(uint64_t ns);
};

struct Timer {
    enum class Mode : uint8_t { Sbi, Sstc };

    // Masks this hart's timer (sie.STIE) until the first set_deadline(); with Sstc, checks that
    // the firmware lets S-mode write stimecmp (menvcfg.STCE).
    static Result<void> init_this_cpu();
    // Programs the comparator, then unmasks STIE. Writing the comparator clears a pending STIP
    // (stimecmp directly; set_timer in the firmware), so no stale interrupt follows.
    static void set_deadline(uint64_t deadline_ns);
    // Masks STIE: whatever the comparator still holds cannot interrupt.
    static void cancel();

    // The trap path, before mica::handle_timer_interrupt(): STIP stays pending until the
    // comparator moves, so the interrupt is masked until the next set_deadline().
    static void acknowledge() { clear_sie_bits(InterruptBits::kTimer); }

    static Mode mode();
    // Tests: forces the SBI path on a hart that has Sstc (Sstc needs hardware support).
    static void set_mode_for_test(Mode mode);
};

} // namespace mica::arch
