// Clock: the `time` counter at the DTB's timebase-frequency (/cpus, or a cpu node when /cpus
// does not say). Which comparator Timer uses is decided here too, since both come from the
// same /cpus walk: Sstc only when every enabled hart lists it.

#include "isa_string.h"

#include <arch/timer.h>
#include <core/boot_info.h>
#include <core/console.h>
#include <lib/fdt.h>
#include <platform/dtb.h>

namespace mica::arch {

namespace clock_detail {
uint64_t g_frequency = 0;
uint64_t g_ns_per_tick = 0;
} // namespace clock_detail

namespace timer_detail {
void choose_mode(bool every_hart_has_sstc); // timer.cpp
}

namespace {

bool is_enabled_cpu(const FdtNode& node) {
    Optional<StringView> type = node.property_string("device_type");
    return type && type.value() == "cpu" && node.is_enabled();
}

Optional<uint32_t> timebase_frequency(const FdtNode& cpus) {
    if (Optional<uint32_t> frequency = cpus.property_u32("timebase-frequency"))
        return frequency;
    for (FdtNode cpu : cpus.children()) {
        if (!is_enabled_cpu(cpu))
            continue;
        if (Optional<uint32_t> frequency = cpu.property_u32("timebase-frequency"))
            return frequency;
    }
    return {};
}

bool every_hart_has_sstc(const FdtNode& cpus) {
    bool any = false;
    for (FdtNode cpu : cpus.children()) {
        if (!is_enabled_cpu(cpu))
            continue;
        any = true;
        if (!hart_has_extension(cpu, "sstc"))
            return false;
    }
    return any;
}

} // namespace

Result<void> Clock::init(const BootInfo& info) {
    using namespace clock_detail;
    Fdt fdt = TRY(platform::boot_fdt(info));
    Optional<FdtNode> cpus = fdt.find_node("/cpus");
    if (!cpus)
        return Error::NotFound;
    Optional<uint32_t> frequency = timebase_frequency(cpus.value());
    if (!frequency || frequency.value() == 0)
        return Error::NotFound;
    g_frequency = frequency.value();
    g_ns_per_tick = kNsPerSecond % g_frequency == 0 ? kNsPerSecond / g_frequency : 0;
    timer_detail::choose_mode(every_hart_has_sstc(cpus.value()));
    println("clock: time CSR at {} Hz, deadlines through {}", g_frequency,
            Timer::mode() == Timer::Mode::Sstc ? "stimecmp (Sstc)" : "SBI set_timer");
    return {};
}

uint64_t Clock::ns_to_ticks(uint64_t ns) {
    using namespace clock_detail;
    // ceil(ns * f / 1e9) in two exact parts; the second product stays below 1e9 * 2^32.
    uint64_t seconds = ns / kNsPerSecond;
    uint64_t rest = ns % kNsPerSecond;
    if (seconds > UINT64_MAX / g_frequency)
        return UINT64_MAX;
    uint64_t whole = seconds * g_frequency;
    uint64_t part = (rest * g_frequency + kNsPerSecond - 1) / kNsPerSecond;
    return whole > UINT64_MAX - part ? UINT64_MAX : whole + part;
}

} // namespace mica::arch
