// Clock and Timer on the Arm generic timer (include/arch/timer.h).

#include <arch/timer.h>
#include <core/boot_info.h>
#include <core/console.h>
#include <lib/fdt.h>
#include <platform/dtb.h>

namespace mica::arch {

namespace {

constexpr uint64_t kNsPerSecond = 1'000'000'000;

// The /timer node's interrupts are {secure physical, non-secure physical, virtual, hypervisor},
// each as <type number flags> with type 1 = PPI, numbered from INTID 16.
constexpr size_t kVirtualTimerEntry = 2;
constexpr uint32_t kPpiBase = 16;
constexpr uint32_t kDefaultVirtualTimerIntid = 27;

// CNTV_CTL_EL0.
constexpr uint64_t kTimerEnable = 1u << 0;
constexpr uint64_t kTimerInterruptMasked = 1u << 1;

constinit uint64_t g_frequency = 0;
constinit uint32_t g_interrupt_id = kDefaultVirtualTimerIntid;

uint64_t read_cntfrq() {
    uint64_t value;
    asm volatile("mrs %0, cntfrq_el0" : "=r"(value));
    return value & 0xffff'ffff;
}

void write_ctl(uint64_t value) {
    asm volatile("msr cntv_ctl_el0, %0\n isb" ::"r"(value) : "memory");
}

// Reads the timer's interrupt and an optional clock-frequency from the DTB; absent or odd
// values keep the architected defaults.
void read_dtb(const BootInfo& info, uint64_t& frequency) {
    Result<Fdt> fdt = platform::boot_fdt(info);
    if (!fdt)
        return;
    Optional<FdtNode> node = fdt.value().find_compatible("arm,armv8-timer");
    if (!node)
        return;
    if (Optional<uint32_t> hz = node->property_u32("clock-frequency"))
        frequency = hz.value();
    Optional<FdtProperty> interrupts = node->property("interrupts");
    if (!interrupts || interrupts->cell_count() < 3 * (kVirtualTimerEntry + 1))
        return;
    Optional<uint32_t> type = interrupts->cell(3 * kVirtualTimerEntry);
    Optional<uint32_t> number = interrupts->cell(3 * kVirtualTimerEntry + 1);
    if (type && number && type.value() == 1 && number.value() < 16)
        g_interrupt_id = kPpiBase + number.value();
}

} // namespace

Result<void> Clock::init(const BootInfo& info) {
    uint64_t frequency = read_cntfrq();
    read_dtb(info, frequency);
    if (frequency == 0)
        return Error::NotFound;
    g_frequency = frequency;
    println("clock: generic timer at {} Hz, virtual timer on INTID {}", frequency, g_interrupt_id);
    return {};
}

uint64_t Clock::frequency() { return g_frequency; }

// Split at whole seconds so that every product fits in 64 bits (for frequencies below 18 GHz)
// and the result is exact: floor(ticks * 1e9 / f) and ceil(ns * f / 1e9). Exactness is what makes
// a deadline fire no earlier than now_ns() says it should.
uint64_t Clock::ticks_to_ns(uint64_t ticks) {
    uint64_t seconds = ticks / g_frequency;
    uint64_t rest = ticks % g_frequency;
    return seconds * kNsPerSecond + rest * kNsPerSecond / g_frequency;
}

uint64_t Clock::ns_to_ticks(uint64_t ns) {
    uint64_t seconds = ns / kNsPerSecond;
    uint64_t rest = ns % kNsPerSecond;
    uint64_t ticks;
    if (__builtin_mul_overflow(seconds, g_frequency, &ticks))
        return ~uint64_t{0};
    uint64_t rest_ticks = (rest * g_frequency + kNsPerSecond - 1) / kNsPerSecond;
    if (__builtin_add_overflow(ticks, rest_ticks, &ticks))
        return ~uint64_t{0};
    return ticks;
}

Result<void> Timer::init_this_cpu() {
    // Off until the first deadline. The PPI itself is enabled by the interrupt controller's
    // per-CPU setup (gic/), which owns every private line.
    write_ctl(0);
    return {};
}

void Timer::set_deadline(uint64_t deadline_ns) {
    uint64_t ticks = Clock::ns_to_ticks(deadline_ns);
    asm volatile("msr cntv_cval_el0, %0" ::"r"(ticks) : "memory");
    write_ctl(kTimerEnable);
}

void Timer::cancel() { write_ctl(0); }

uint32_t Timer::interrupt_id() { return g_interrupt_id; }

void Timer::acknowledge() { write_ctl(kTimerInterruptMasked); }

} // namespace mica::arch
