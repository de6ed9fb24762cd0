#include <arch/cpu.h>
#include <arch/io.h>
#include <arch/registers.h>
#include <arch/timer.h>
#include <core/console.h>

namespace mica::arch {

namespace {

constexpr uint64_t kNsPerSecond = 1'000'000'000;
// Fixed-point shifts: now_ns = tsc * m_ns_per_tick >> 32; ticks = ns * m_ticks_per_ns >> 24.
// 1e9 << 32 and a TSC frequency below 2^39 Hz << 24 both fit in 64 bits.
constexpr unsigned kNsShift = 32;
constexpr unsigned kTicksShift = 24;

// 8254 PIT (Intel 8254 datasheet): channel 2 can be gated on through port 0x61 and read back
// with a latch command, so it serves as a free-running reference with interrupts off and no IRQ
// routing.
constexpr IoPort kPitChannel2 = 0x42;
constexpr IoPort kPitCommand = 0x43;
constexpr IoPort kPortB = 0x61;
constexpr uint8_t kPortBGate2 = 1u << 0;
constexpr uint8_t kPortBSpeaker = 1u << 1;
// Channel 2, lobyte/hibyte, mode 2 (rate generator: counts down and reloads), binary.
constexpr uint8_t kPitChannel2Mode2 = 0b10'11'010'0;
constexpr uint8_t kPitChannel2Latch = 0b10'00'0000;
constexpr uint64_t kPitHz = 1'193'182;
constexpr uint32_t kPitPeriod = 0x10000;          // a reload value of 0 means 65536
constexpr uint32_t kCalibrationPitTicks = 30'000; // ~25 ms, well inside one period
constexpr unsigned kSampleTries = 16;
constexpr uint64_t kMaxPolls = 10'000'000; // a PIT that never counts

uint64_t g_tsc_hz = 0;
uint64_t g_tsc_origin = 0;
uint64_t g_ns_per_tick = 0;  // 0.32 fixed point
uint64_t g_ticks_per_ns = 0; // 40.24 fixed point
bool g_from_cpuid = false;

uint64_t multiply_shift(uint64_t value, uint64_t multiplier, unsigned shift) {
    return uint64_t((unsigned __int128)value * multiplier >> shift);
}

// CPUID 0x15: TSC = crystal * EBX / EAX. Zero fields mean "not enumerated".
uint64_t tsc_hz_from_cpuid() {
    if (cpuid(0).eax < 0x15)
        return 0;
    CpuidResult leaf = cpuid(0x15);
    if (leaf.eax == 0 || leaf.ebx == 0 || leaf.ecx == 0)
        return 0;
    return uint64_t(leaf.ecx) * leaf.ebx / leaf.eax;
}

uint16_t read_pit_channel2() {
    out8(kPitCommand, kPitChannel2Latch);
    uint8_t low = in8(kPitChannel2);
    uint8_t high = in8(kPitChannel2);
    return uint16_t(low | high << 8);
}

struct Sample {
    uint64_t tsc;
    uint16_t pit;
};

// A PIT reading paired with the TSC at that moment: the TSC is read on both sides and the
// tightest of several tries is kept, so a CPU held up in the middle (an emulator's vCPU thread
// descheduled, an SMI) does not skew the pair. Both counters run on while the CPU is away, so
// delays anywhere else cost nothing.
Sample sample() {
    Sample best{};
    uint64_t best_width = ~0ull;
    for (unsigned i = 0; i < kSampleTries; ++i) {
        uint64_t before = read_tsc();
        uint16_t pit = read_pit_channel2();
        uint64_t after = read_tsc();
        if (after - before < best_width) {
            best_width = after - before;
            best = {before + (after - before) / 2, pit};
        }
    }
    return best;
}

uint32_t pit_ticks_between(uint16_t first, uint16_t later) {
    return (uint32_t(first) + kPitPeriod - later) % kPitPeriod; // it counts down
}

uint64_t tsc_hz_from_one_pit_run() {
    uint8_t port_b = in8(kPortB);
    // Gate off while programming, speaker off throughout.
    out8(kPortB, uint8_t(port_b & ~(kPortBGate2 | kPortBSpeaker)));
    out8(kPitCommand, kPitChannel2Mode2);
    out8(kPitChannel2, 0);
    out8(kPitChannel2, 0);
    out8(kPortB, uint8_t((port_b & ~kPortBSpeaker) | kPortBGate2)); // counting starts
    Sample start = sample();
    uint64_t polls = 0;
    while (pit_ticks_between(start.pit, read_pit_channel2()) < kCalibrationPitTicks &&
           polls < kMaxPolls)
        ++polls;
    Sample end = sample();
    out8(kPortB, port_b);
    uint32_t ticks = pit_ticks_between(start.pit, end.pit);
    // A stall longer than the rest of the period wraps the count; the median drops such a run.
    if (polls == kMaxPolls || ticks == 0 || end.tsc <= start.tsc)
        return 0;
    return (end.tsc - start.tsc) * kPitHz / ticks;
}

// The median of a few runs, against a run whose count wrapped while the CPU was held up.
uint64_t tsc_hz_from_pit() {
    constexpr size_t kRuns = 3;
    uint64_t runs[kRuns];
    for (size_t i = 0; i < kRuns; ++i) {
        runs[i] = tsc_hz_from_one_pit_run(); // 0 when it failed
        for (size_t j = i; j > 0 && runs[j - 1] > runs[j]; --j) {
            uint64_t swap = runs[j];
            runs[j] = runs[j - 1];
            runs[j - 1] = swap;
        }
    }
    return runs[kRuns / 2];
}

} // namespace

Result<void> Clock::init(const BootInfo&) {
    if (g_tsc_hz != 0)
        return {};
    uint64_t hz = tsc_hz_from_cpuid();
    g_from_cpuid = hz != 0;
    if (hz == 0)
        hz = tsc_hz_from_pit();
    // Below 1 MHz something went wrong (no PIT answered); at or above 2^39 the shifts overflow.
    if (hz < 1'000'000 || hz >= (1ull << 39))
        return Error::Unsupported;
    g_ns_per_tick = (kNsPerSecond << kNsShift) / hz;
    g_ticks_per_ns = (hz << kTicksShift) / kNsPerSecond;
    g_tsc_origin = read_tsc();
    g_tsc_hz = hz;
    bool invariant = cpuid(0x8000'0000).eax >= 0x8000'0007 &&
                     (cpuid(0x8000'0007).edx & cpuid_bits::kLeaf80000007EdxInvariantTsc);
    println("clock: TSC at {} kHz ({}{})", hz / 1000,
            g_from_cpuid ? "CPUID 0x15" : "PIT calibrated", invariant ? ", invariant" : "");
    return {};
}

uint64_t Clock::now_ns() {
    uint64_t tsc = read_tsc();
    // A CPU whose TSC lags the boot CPU's by a few ticks must not wrap to the far future.
    return tsc > g_tsc_origin ? multiply_shift(tsc - g_tsc_origin, g_ns_per_tick, kNsShift) : 0;
}

uint64_t Clock::tsc_frequency() { return g_tsc_hz; }
uint64_t Clock::ns_to_tsc(uint64_t ns) { return multiply_shift(ns, g_ticks_per_ns, kTicksShift); }
uint64_t Clock::tsc_at(uint64_t ns) {
    // Rounded up by a tick, so that by the time the TSC gets there now_ns() has reached `ns`
    // despite both conversions rounding down.
    return g_tsc_origin + ns_to_tsc(ns) + 1;
}
bool Clock::calibrated_from_cpuid() { return g_from_cpuid; }

void Clock::spin_for_ns(uint64_t ns) {
    uint64_t end = now_ns() + ns;
    while (now_ns() < end)
        Cpu::relax();
}

} // namespace mica::arch
