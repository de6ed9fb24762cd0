#include <arch/cpu_local.h>
#include <arch/registers.h>
#include <arch/timer.h>
#include <arch/x86_64/apic/local_apic.h>
#include <arch/x86_64/apic/vectors.h>
#include <core/console.h>

namespace mica::arch {

namespace {

constexpr uint64_t kNsPerSecond = 1'000'000'000;
constexpr uint64_t kNoDeadline = ~0ull;
constexpr uint32_t kDivideBy1 = 0b1011; // divide configuration register encoding
constexpr uint32_t kMaxCount = 0xffff'ffff;
// 1 ms of the TSC-based clock: the timer counts at its bus clock (1 GHz in QEMU), so a 1 ms run
// counts a million ticks and the bracketed samples (below) keep the error far under 0.1 %; each
// run is a busy-wait (1 M instructions under -icount), so longer ones only slow the boot.
constexpr uint64_t kCalibrationNs = 1'000'000;

bool g_tsc_deadline = false;
uint64_t g_apic_hz = 0; // one-shot mode: timer ticks per second at divide-by-1
// Ticks per ns in 40.24 fixed point, so arming needs a multiply and no 128-bit division.
constexpr unsigned kTicksShift = 24;
uint64_t g_apic_ticks_per_ns = 0;
uint64_t g_deadlines[kMaxCpus];

uint64_t& deadline_here() { return g_deadlines[CpuLocalAccess::current()->index]; }

struct CountSample {
    uint64_t ns;
    uint32_t count;
};

// The timer's count paired with the clock, bracketed and the tightest of several tries kept
// (see the PIT samples in clock.cpp): stalls elsewhere cost nothing, both keep counting.
CountSample sample_count() {
    CountSample best{};
    uint64_t best_width = ~0ull;
    for (int i = 0; i < 8; ++i) {
        uint64_t before = Clock::now_ns();
        uint32_t count = LocalApic::read(ApicRegister::TimerCurrentCount);
        uint64_t after = Clock::now_ns();
        if (after - before < best_width) {
            best_width = after - before;
            best = {before + (after - before) / 2, count};
        }
    }
    return best;
}

// Counts down from the maximum (about 4 s at 1 GHz) for a stretch of the calibrated clock.
uint64_t measure_apic_timer() {
    LocalApic::write(ApicRegister::TimerDivide, kDivideBy1);
    LocalApic::write(ApicRegister::LvtTimer,
                     LvtEntry{.vector = vectors::kTimer, .masked = true}.encode());
    LocalApic::write(ApicRegister::TimerInitialCount, kMaxCount);
    CountSample start = sample_count();
    Clock::spin_for_ns(kCalibrationNs);
    CountSample end = sample_count();
    LocalApic::write(ApicRegister::TimerInitialCount, 0);
    if (end.ns <= start.ns || end.count >= start.count)
        return 0;
    return uint64_t(start.count - end.count) * kNsPerSecond / (end.ns - start.ns);
}

// The median of three measurements, against a stretched run (see clock.cpp).
uint64_t calibrate_apic_timer() {
    uint64_t a = measure_apic_timer(), b = measure_apic_timer(), c = measure_apic_timer();
    if (a > b) {
        uint64_t swap = a;
        a = b;
        b = swap;
    }
    // Now a <= b; the median is b clamped into [a, c].
    return c < a ? a : c > b ? b : c;
}

// One-shot mode: counts from now to the deadline, within the 32-bit range (a later deadline
// fires early and is re-armed).
void program_one_shot(uint64_t deadline) {
    uint64_t now = Clock::now_ns();
    uint64_t count = 1; // a deadline in the past fires at once
    if (deadline > now) {
        unsigned __int128 ticks =
            (unsigned __int128)(deadline - now) * g_apic_ticks_per_ns >> kTicksShift;
        count = ticks >= kMaxCount ? kMaxCount : ticks == 0 ? 1 : uint64_t(ticks);
    }
    LocalApic::write(ApicRegister::TimerInitialCount, uint32_t(count));
}

void program(uint64_t deadline) {
    if (g_tsc_deadline) {
        // Orders earlier xAPIC MMIO writes (the LVT) before the MSR (Intel SDM Vol. 3A, 11.5.4.1).
        asm volatile("mfence" ::: "memory");
        write_msr(Msr::TscDeadline, Clock::tsc_at(deadline));
    } else {
        program_one_shot(deadline);
    }
}

} // namespace

Result<void> Timer::init_this_cpu() {
    TRY(LocalApic::init());
    if (CpuLocalAccess::current()->index == 0 && g_apic_hz == 0 && !g_tsc_deadline) {
        if (cpuid(1).ecx & cpuid_bits::kLeaf1EcxTscDeadline) {
            g_tsc_deadline = true;
            println("timer: local APIC in TSC-deadline mode");
        } else {
            g_apic_hz = calibrate_apic_timer();
            if (g_apic_hz == 0 || g_apic_hz >= (1ull << 39))
                return Error::Unsupported;
            g_apic_ticks_per_ns = (g_apic_hz << kTicksShift) / kNsPerSecond;
            println("timer: local APIC one-shot at {} kHz", g_apic_hz / 1000);
        }
    }
    deadline_here() = kNoDeadline;
    LvtEntry lvt{.vector = vectors::kTimer};
    if (g_tsc_deadline) {
        lvt.timer_mode = LvtEntry::TimerMode::TscDeadline;
        LocalApic::write(ApicRegister::LvtTimer, lvt.encode());
        write_msr(Msr::TscDeadline, 0);
    } else {
        LocalApic::write(ApicRegister::TimerDivide, kDivideBy1);
        LocalApic::write(ApicRegister::LvtTimer, lvt.encode());
        LocalApic::write(ApicRegister::TimerInitialCount, 0);
    }
    return {};
}

void Timer::set_deadline(uint64_t deadline_ns) {
    deadline_here() = deadline_ns;
    program(deadline_ns);
}

void Timer::cancel() {
    deadline_here() = kNoDeadline;
    if (g_tsc_deadline)
        write_msr(Msr::TscDeadline, 0);
    else
        LocalApic::write(ApicRegister::TimerInitialCount, 0);
}

bool Timer::consume_deadline() {
    uint64_t& deadline = deadline_here();
    if (deadline == kNoDeadline || Clock::now_ns() < deadline)
        return false;
    deadline = kNoDeadline; // one interrupt per deadline, whatever else arrives on the vector
    return true;
}

void Timer::rearm() {
    uint64_t deadline = deadline_here();
    if (deadline != kNoDeadline)
        program(deadline);
}

bool Timer::uses_tsc_deadline() { return g_tsc_deadline; }
uint64_t Timer::apic_timer_frequency() { return g_apic_hz; }

} // namespace mica::arch
