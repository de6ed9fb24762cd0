// Timer: one deadline per hart on the shared `time` counter. Sstc's stimecmp is a plain CSR
// write; without it, SBI TIME set_timer asks M-mode to program the hart's CLINT/ACLINT mtimecmp
// and forward the interrupt as STIP. Either way sie.STIE is the on/off switch, so cancel() and
// the acknowledgement in the trap path cost no trip to the firmware.

#include <arch/sbi.h>
#include <arch/timer.h>
#include <lib/atomic.h>

// probe_csr.S: reads stimecmp; false when that trapped as illegal (menvcfg.STCE clear).
extern "C" bool riscv64_probe_stimecmp();

namespace mica::arch {

namespace {

// Written on the boot hart before the others start (and by a test); relaxed loads are plain
// loads on RISC-V, so the hot path pays nothing for the atomic.
Atomic<bool> g_use_sstc{false};

Timer::Mode mode_now() {
    return g_use_sstc.load(MemoryOrder::Relaxed) ? Timer::Mode::Sstc : Timer::Mode::Sbi;
}

} // namespace

namespace timer_detail {

void choose_mode(bool every_hart_has_sstc) {
    // The DTB describes the hart; the firmware must also have opened stimecmp to S-mode.
    g_use_sstc.store(every_hart_has_sstc && riscv64_probe_stimecmp(), MemoryOrder::Relaxed);
}

} // namespace timer_detail

Timer::Mode Timer::mode() { return mode_now(); }

void Timer::set_mode_for_test(Mode mode) {
    g_use_sstc.store(mode == Mode::Sstc, MemoryOrder::Relaxed);
}

Result<void> Timer::init_this_cpu() {
    clear_sie_bits(InterruptBits::kTimer);
    if (mode_now() == Mode::Sstc) {
        if (!riscv64_probe_stimecmp())
            return Error::Unsupported;
        write_stimecmp(UINT64_MAX);
    }
    return {};
}

void Timer::set_deadline(uint64_t deadline_ns) {
    uint64_t ticks = Clock::ns_to_ticks(deadline_ns);
    if (mode_now() == Mode::Sstc)
        write_stimecmp(ticks);
    else
        sbi::call(sbi::Extension::Timer, sbi::kSetTimerFunction, ticks);
    set_sie_bits(InterruptBits::kTimer);
}

void Timer::cancel() { clear_sie_bits(InterruptBits::kTimer); }

} // namespace mica::arch
