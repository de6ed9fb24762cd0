// The clock and the per-hart deadline on the real hart: conversions, both comparator paths
// (stimecmp and SBI set_timer), cancel. Time is only compared, never measured against a busy
// loop: TCG's time counter follows the host clock, not the instructions run.

#include "../timer/isa_string.h"

#include <arch/csr.h>
#include <arch/interrupts.h>
#include <arch/timer.h>
#include <core/cpu_local.h>
#include <core/ktest.h>

using namespace mica;
using namespace mica::arch;

namespace {

constexpr uint64_t kMillisecond = 1'000'000;
constexpr uint64_t kPatience = 2'000 * kMillisecond;

// Counted by the generic handler on this hart; the tests run with interrupts masked, so the
// thread stays on this hart.
uint64_t timer_count() { return this_cpu().timer_interrupts.load(); }

// With interrupts masked: waits (wfi) until the timer interrupt count moves or kPatience
// passes. True if it moved.
bool wait_for_timer_interrupt(uint64_t before) {
    uint64_t give_up = Clock::now_ns() + kPatience;
    while (timer_count() == before && Clock::now_ns() < give_up) {
        // wfi needs a source to wake it; a late timer would hang here, so poll SIE windows
        // instead of waiting when STIE is off.
        if (read_sie() & InterruptBits::kTimer)
            Interrupts::wait_for_interrupt();
        else
            return false;
    }
    return timer_count() != before;
}

// Fires the timer at once so that whoever owned the deadline (the scheduler's tick) re-arms it
// from its own handler.
void hand_the_timer_back() {
    Timer::set_deadline(0);
    wait_for_timer_interrupt(timer_count());
}

void check_deadline_fires(ktest::Context& ktest_context, Timer::Mode mode) {
    Interrupts::State state = Interrupts::disable();
    Timer::Mode saved = Timer::mode();
    Timer::set_mode_for_test(mode);
    uint64_t before = timer_count();
    uint64_t deadline = Clock::now_ns() + kMillisecond;
    Timer::set_deadline(deadline);
    KEXPECT(wait_for_timer_interrupt(before));
    KEXPECT(Clock::now_ns() >= deadline);
    Timer::set_mode_for_test(saved);
    hand_the_timer_back();
    Interrupts::restore(state);
}

} // namespace

KTEST(riscv64_timer, clock_is_monotonic_and_runs) {
    KEXPECT(Clock::frequency() > 0);
    uint64_t first = Clock::now_ns();
    uint64_t previous = first;
    for (int i = 0; i < 1000; ++i) {
        uint64_t now = Clock::now_ns();
        KASSERT(now >= previous);
        previous = now;
    }
    uint64_t give_up = read_time() + Clock::frequency(); // a second of ticks
    while (Clock::now_ns() == first && read_time() < give_up) {
    }
    KEXPECT(Clock::now_ns() > first);
}

KTEST(riscv64_timer, conversions_round_up_to_the_first_tick_at_or_after) {
    constexpr uint64_t kSamples[] = {
        0, 1, 99, 100, 101, 999'999'999, 1'000'000'001, 123'456'789'012, uint64_t{1} << 62};
    for (uint64_t ns : kSamples) {
        uint64_t ticks = Clock::ns_to_ticks(ns);
        KEXPECT(Clock::ticks_to_ns(ticks) >= ns);
        if (ticks > 0)
            KEXPECT(Clock::ticks_to_ns(ticks - 1) < ns);
    }
    // No overflow at the far end (a timebase above 1 GHz would saturate instead).
    KEXPECT(Clock::ns_to_ticks(UINT64_MAX) >= Clock::ns_to_ticks(UINT64_MAX / 2));
}

KTEST(riscv64_timer, isa_strings_name_multi_letter_extensions_after_underscores) {
    KEXPECT(isa_string_has_extension("rv64imafdch_zicsr_zifencei_zihintpause_sstc", "sstc"));
    KEXPECT(isa_string_has_extension("RV64IMAC_SSTC", "sstc"));
    KEXPECT(!isa_string_has_extension("rv64imafdc_zicsr", "sstc"));
    KEXPECT(!isa_string_has_extension("rv64isstc", "sstc"));
    KEXPECT(!isa_string_has_extension("rv64i_sstcx", "sstc"));
    KEXPECT(!isa_string_has_extension("", "sstc"));
}

KTEST(riscv64_timer, deadline_fires_through_the_chosen_comparator) {
    check_deadline_fires(ktest_context, Timer::mode());
}

KTEST(riscv64_timer, deadline_fires_through_sbi_set_timer) {
    check_deadline_fires(ktest_context, Timer::Mode::Sbi);
}

KTEST(riscv64_timer, deadline_in_the_past_fires_at_once) {
    Interrupts::State state = Interrupts::disable();
    uint64_t before = timer_count();
    Timer::set_deadline(Clock::now_ns() - 1);
    KEXPECT(wait_for_timer_interrupt(before));
    Interrupts::restore(state);
}

KTEST(riscv64_timer, cancel_keeps_the_timer_quiet) {
    Interrupts::State state = Interrupts::disable();
    uint64_t before = timer_count();
    uint64_t deadline = Clock::now_ns() + kMillisecond;
    Timer::set_deadline(deadline);
    Timer::cancel();
    while (Clock::now_ns() < deadline + 2 * kMillisecond) {
    }
    // Pending or not at the comparator, it must not be taken.
    Interrupts::enable();
    Interrupts::disable();
    KEXPECT_EQ(timer_count(), before);
    hand_the_timer_back();
    Interrupts::restore(state);
}
