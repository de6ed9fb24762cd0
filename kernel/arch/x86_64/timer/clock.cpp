#include <arch/cpu.h>
#include <arch/io.h>
#include <arch/registers.h>
#include <arch/timer.h>
#include <core/console.h>
#include <lib/utility.h>

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
constexpr uint32_t kPitPeriod = 0x10000; // a reload value of 0 means 65536
// A calibration run starts with a ~1 ms window and doubles it until the two samples' uncertainty
// (sample_at_edge) is below 1/2000 (500 ppm) of the TSC ticks elapsed, as Linux's quick PIT
// calibration does; ~25 ms at most, well inside one period. Nothing needs more: deadlines are
// checked against the clock itself, and 500 ppm is 43 s a day off for the wall-clock figures of a
// TCG run. Under -icount a PIT read costs a few instructions, so the first window is enough (1 M
// instructions instead of the 25 M a fixed 25 ms window costs).
constexpr uint32_t kFirstPitWindow = 1'200;   // ~1 ms
constexpr uint32_t kLastPitWindow = 30'000;   // ~25 ms
constexpr uint64_t kPrecisionInverse = 2'000; // 500 ppm
constexpr uint64_t kMaxPolls = 10'000'000;    // a PIT that never counts

uint64_t g_tsc_hz = 0;
uint64_t g_tsc_origin = 0;
uint64_t g_ns_per_tick = 0;  // 0.32 fixed point
uint64_t g_ticks_per_ns = 0; // 40.24 fixed point
bool g_from_cpuid = false;

uint64_t multiply_shift(uint64_t value, uint64_t multiplier, unsigned shift) {
    return uint64_t((unsigned __int128)value * multiplier >> shift);
}

// CPUID 0x15 (Intel SDM Vol. 2A, CPUID): TSC = crystal * EBX / EAX. Zero fields mean "not
// enumerated".
uint64_t tsc_hz_from_leaf_15() {
    if (cpuid(0).eax < 0x15)
        return 0;
    CpuidResult leaf = cpuid(0x15);
    if (leaf.eax == 0 || leaf.ebx == 0 || leaf.ecx == 0)
        return 0;
    return uint64_t(leaf.ecx) * leaf.ebx / leaf.eax;
}

// CPUID 0x16 EAX: the processor base frequency in MHz, which is the TSC's on Intel CPUs whose
// leaf 0x15 lacks the crystal (the SDM's note on leaf 0x15). AMD has no leaf 0x16.
uint64_t tsc_hz_from_leaf_16() {
    if (cpuid(0).eax < 0x16 || cpuid(0).ebx != 0x756e'6547) // "Genu"ineIntel
        return 0;
    return uint64_t(cpuid(0x16).eax & 0xffff) * 1'000'000;
}

// The hypervisor timing leaf 0x4000'0010 (VMware's, also offered by KVM/QEMU with
// vmware-cpuid-freq): EAX is the TSC frequency in kHz. Only behind the hypervisor bit
// (leaf 1 ECX bit 31) and a maximum hypervisor leaf that reaches it.
constexpr uint32_t kLeaf1EcxHypervisor = 1u << 31;
constexpr uint32_t kHypervisorTimingLeaf = 0x4000'0010;

uint64_t tsc_hz_from_hypervisor() {
    if (!(cpuid(1).ecx & kLeaf1EcxHypervisor) || cpuid(0x4000'0000).eax < kHypervisorTimingLeaf)
        return 0;
    return uint64_t(cpuid(kHypervisorTimingLeaf).eax) * 1000;
}

struct CpuidFrequency {
    uint64_t hz;
    const char* source;
};

CpuidFrequency tsc_hz_from_cpuid() {
    if (uint64_t hz = tsc_hz_from_leaf_15())
        return {hz, "CPUID 0x15"};
    if (uint64_t hz = tsc_hz_from_leaf_16())
        return {hz, "CPUID 0x16"};
    if (uint64_t hz = tsc_hz_from_hypervisor())
        return {hz, "CPUID 0x40000010"};
    return {0, nullptr};
}

uint16_t read_pit_channel2() {
    out8(kPitCommand, kPitChannel2Latch);
    uint8_t low = in8(kPitChannel2);
    uint8_t high = in8(kPitChannel2);
    return uint16_t(low | high << 8);
}

struct Sample {
    uint64_t tsc;
    uint64_t width; // TSC ticks between the reads around the PIT's: the pairing's uncertainty
    uint16_t pit;
};

// The TSC at a moment the PIT count changes: polls until it does. The change happened between
// the latch of the read that still saw the old count and the latch of the one that sees the new,
// so the TSC reads around those two bound it: that stretch is the pairing's uncertainty, the
// PIT's 838 ns quantization included. A CPU held up in between (an emulator's vCPU thread
// descheduled, an SMI) only widens it, which the precision check of the run sees; both counters
// run on while the CPU is away, so delays anywhere else cost nothing. width ~0: no change seen.
Sample sample_at_edge() {
    uint64_t previous = read_tsc();
    uint16_t first = read_pit_channel2();
    for (uint64_t polls = 0; polls < kMaxPolls; ++polls) {
        uint64_t before = read_tsc();
        uint16_t pit = read_pit_channel2();
        uint64_t after = read_tsc();
        if (pit != first)
            return {previous + (after - previous) / 2, after - previous, pit};
        previous = before;
    }
    return {0, ~0ull, 0};
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
    Sample start = sample_at_edge();
    Sample end{0, ~0ull, 0};
    uint64_t polls = 0;
    for (uint32_t window = kFirstPitWindow; start.width != ~0ull;
         window = min(window * 2, kLastPitWindow)) {
        while (pit_ticks_between(start.pit, read_pit_channel2()) < window && polls < kMaxPolls)
            ++polls;
        end = sample_at_edge();
        bool precise = end.width != ~0ull && end.tsc > start.tsc &&
                       (start.width + end.width) * kPrecisionInverse <= end.tsc - start.tsc;
        if (precise || window == kLastPitWindow || polls == kMaxPolls || end.width == ~0ull)
            break;
    }
    out8(kPortB, port_b);
    uint32_t ticks = pit_ticks_between(start.pit, end.pit);
    // A stall longer than the rest of the period wraps the count; the median drops such a run.
    if (polls == kMaxPolls || start.width == ~0ull || end.width == ~0ull || ticks == 0 ||
        end.tsc <= start.tsc)
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
    CpuidFrequency enumerated = tsc_hz_from_cpuid();
    uint64_t hz = enumerated.hz;
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
            g_from_cpuid ? enumerated.source : "PIT calibrated", invariant ? ", invariant" : "");
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
