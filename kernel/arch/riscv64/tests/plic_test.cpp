// The PLIC: the DTB decoding against the board we booted on, and a real device interrupt end to
// end (claim, generic dispatch, complete), from QEMU virt's Goldfish RTC alarm, on each hart
// that is online.

#include "../boot_device_tree.h"
#include "../plic/plic_dtb.h"

#include <arch/interrupt_controller.h>
#include <arch/interrupts.h>
#include <arch/timer.h>
#include <core/cpu_local.h>
#include <core/interrupt.h>
#include <core/ktest.h>
#include <lib/fdt.h>
#include <vm/device_map.h>

using namespace mica;
using namespace mica::arch;

namespace {

// Goldfish RTC registers (QEMU hw/rtc/goldfish_rtc.c): nanoseconds, an alarm, an interrupt.
struct GoldfishRtc {
    static constexpr uint64_t kTimeLow = 0x00; // reading it latches kTimeHigh
    static constexpr uint64_t kTimeHigh = 0x04;
    static constexpr uint64_t kAlarmLow = 0x08; // writing it arms the alarm
    static constexpr uint64_t kAlarmHigh = 0x0c;
    static constexpr uint64_t kIrqEnabled = 0x10;
    static constexpr uint64_t kClearInterrupt = 0x1c;
};

struct RtcDevice {
    volatile uint8_t* registers = nullptr;
    uint32_t line = 0;

    volatile uint32_t& reg(uint64_t offset) const {
        return *reinterpret_cast<volatile uint32_t*>(registers + offset);
    }
    uint64_t now() const {
        uint64_t low = reg(GoldfishRtc::kTimeLow);
        return uint64_t(reg(GoldfishRtc::kTimeHigh)) << 32 | low;
    }
    void arm_alarm_in(uint64_t ns) const {
        uint64_t at = now() + ns;
        reg(GoldfishRtc::kAlarmHigh) = uint32_t(at >> 32);
        reg(GoldfishRtc::kAlarmLow) = uint32_t(at);
    }
};

Optional<RtcDevice> g_rtc;

Optional<RtcDevice> find_rtc(const Fdt& fdt) {
    Optional<FdtNode> node = fdt.find_compatible("google,goldfish-rtc");
    if (!node || !node->is_enabled())
        return {};
    Result<FdtRegList> regs = node->reg();
    Optional<uint32_t> line = node->property_u32("interrupts");
    if (regs.is_error() || regs.value().count() == 0 || !line)
        return {};
    Result<uint64_t> phys = node->translate_address(regs.value()[0].address);
    if (phys.is_error())
        return {};
    Result<void*> mapped = map_device(phys.value(), regs.value()[0].size);
    if (mapped.is_error())
        return {};
    return RtcDevice{static_cast<volatile uint8_t*>(mapped.value()), line.value()};
}

Atomic<uint32_t> g_alarms{0};
Atomic<uint32_t> g_alarm_cpu{~0u};

void on_alarm(uint32_t, void* context) {
    auto* rtc = static_cast<RtcDevice*>(context);
    rtc->reg(GoldfishRtc::kClearInterrupt) = 1;
    g_alarm_cpu.store(this_cpu().index);
    g_alarms.fetch_add(1);
}

} // namespace

KTEST(riscv64_plic, every_hart_has_a_supervisor_context) {
    Result<Fdt> fdt = boot_device_tree();
    KASSERT(fdt.is_ok());
    Result<PlicDescription> plic = find_plic(fdt.value());
    KASSERT(plic.is_ok());
    KEXPECT(plic.value().line_count > 0);
    KEXPECT_EQ(plic.value().line_count, InterruptController::line_count());
    for (uint32_t i = 0; i < cpu_count(); ++i)
        KEXPECT(plic.value().context_of_hart(cpu(i).hardware_id).has_value());
    // QEMU virt numbers them M, S per hart: hart N's S-mode context is 2N + 1.
    if (Optional<uint32_t> context = plic.value().context_of_hart(0))
        KEXPECT_EQ(context.value(), 1u);
}

KTEST(riscv64_plic, rtc_alarm_is_delivered_to_each_online_hart) {
    Result<Fdt> fdt = boot_device_tree();
    KASSERT(fdt.is_ok());
    if (!g_rtc)
        g_rtc = find_rtc(fdt.value());
    if (!g_rtc) {
        println("    (no goldfish RTC on this board: skipped)");
        return;
    }
    RtcDevice& rtc = g_rtc.value();
    rtc.reg(GoldfishRtc::kIrqEnabled) = 1;
    for (uint32_t target = 0; target < cpu_count(); ++target) {
        if (!cpu(target).online.load())
            continue;
        uint32_t alarms_before = g_alarms.load();
        KASSERT(irq::register_handler(rtc.line, on_alarm, &rtc, target).is_ok());
        rtc.arm_alarm_in(1'000'000);
        Interrupts::State state = Interrupts::disable();
        Interrupts::enable();
        uint64_t give_up = Clock::now_ns() + 2'000'000'000;
        while (g_alarms.load() == alarms_before && Clock::now_ns() < give_up) {
        }
        Interrupts::restore(state);
        KEXPECT(irq::unregister_handler(rtc.line).is_ok());
        KEXPECT_EQ(g_alarms.load(), alarms_before + 1);
        KEXPECT_EQ(g_alarm_cpu.load(), target);
    }
    rtc.reg(GoldfishRtc::kIrqEnabled) = 0;
}
