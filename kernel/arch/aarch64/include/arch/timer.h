#pragma once
// The Arm generic timer (the arch contract's Clock and Timer). The clock is the virtual counter
// CNTVCT_EL0, which every CPU sees with the same offset (CNTVOFF_EL2 = 0 when the kernel owns
// EL2, the hypervisor's single offset otherwise), at CNTFRQ_EL0 Hz. Each CPU's deadline is its
// EL1 virtual timer (CNTV_CVAL_EL0 / CNTV_CTL_EL0), which raises the PPI that the DTB's /timer
// node lists third (INTID 27 on QEMU virt). The virtual timer works the same whether or not EL2
// exists, where the EL1 physical timer depends on CNTHCTL_EL2 and is the hypervisor's to share.

#include <lib/result.h>
#include <lib/types.h>

namespace mica {
struct BootInfo;
}

namespace mica::arch {

struct Clock {
    // Reads CNTFRQ_EL0 (or the DTB's /timer clock-frequency, for firmware that did not set it)
    // and the timer's interrupt number.
    static Result<void> init(const BootInfo& info);
    static uint64_t now_ns() { return ticks_to_ns(ticks()); }

    // The raw counter. The ISB keeps the read from being performed early, out of program order.
    static uint64_t ticks() {
        uint64_t value;
        asm volatile("isb\n mrs %0, cntvct_el0" : "=r"(value)::"memory");
        return value;
    }
    static uint64_t frequency();
    static uint64_t ticks_to_ns(uint64_t ticks);
    // The first tick at which ticks_to_ns() >= ns (saturating).
    static uint64_t ns_to_ticks(uint64_t ns);
};

struct Timer {
    static Result<void> init_this_cpu();
    static void set_deadline(uint64_t deadline_ns);
    static void cancel();

    // The timer's GIC interrupt id (a PPI, the same on every CPU).
    static uint32_t interrupt_id();
    // From the IRQ path: silences the level-triggered timer line before the handler runs, so
    // that end of interrupt does not see it still asserted. The handler re-arms as it likes.
    static void acknowledge();
};

} // namespace mica::arch
