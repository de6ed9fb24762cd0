// x86_64 interrupt mechanisms on the real CPU: masking, the gs-based CpuLocal, the TSC clock, the
// local APIC timer, IPIs and an I/O APIC line (the PIT on ISA IRQ 0, which the MADT usually
// overrides to GSI 2). Generic behaviour (what the handlers do) is tested in kernel/core.

#include <arch/cpu.h>
#include <arch/cpu_local.h>
#include <arch/interrupts.h>
#include <arch/io.h>
#include <arch/registers.h>
#include <arch/smp.h>
#include <arch/timer.h>
#include <arch/x86_64/apic/local_apic.h>
#include <arch/x86_64/traps/descriptors.h>
#include <arch/x86_64/traps/interrupt.h>
#include <core/cpu_local.h>
#include <core/interrupt.h>
#include <core/ktest.h>
#include <core/smp.h>

using namespace mica;
using namespace mica::arch;

namespace {

constexpr uint64_t kWaitNs = 1'000'000'000;

// Waits with interrupts enabled until `done()` holds or a second passes.
template <typename Predicate>
bool wait_until(Predicate done) {
    uint64_t deadline = Clock::now_ns() + kWaitNs;
    while (!done()) {
        if (Clock::now_ns() >= deadline)
            return false;
        Cpu::relax();
    }
    return true;
}

InterruptCounts& my_counts() { return interrupt_counts(this_cpu().index); }

} // namespace

KTEST(x86_64_interrupts, disable_returns_the_previous_state) {
    Interrupts::State outer = Interrupts::disable();
    KEXPECT(!Interrupts::are_enabled());
    Interrupts::enable();
    KEXPECT(Interrupts::are_enabled());
    Interrupts::State inner = Interrupts::disable();
    KEXPECT(inner.enabled);
    Interrupts::State nested = Interrupts::disable();
    KEXPECT(!nested.enabled);
    Interrupts::restore(nested);
    KEXPECT(!Interrupts::are_enabled());
    Interrupts::restore(inner);
    KEXPECT(Interrupts::are_enabled());
    (void)Interrupts::disable();
    Interrupts::restore(outer);
}

KTEST(x86_64_interrupts, cpu_local_is_the_gs_base) {
    CpuLocal* cpu = CpuLocalAccess::current();
    KASSERT(cpu != nullptr);
    KEXPECT_EQ(read_msr(Msr::GsBase), reinterpret_cast<uint64_t>(cpu));
    KEXPECT_EQ(cpu->arch_scratch[CpuLocalAccess::kSelf], reinterpret_cast<uintptr_t>(cpu));
    KEXPECT_EQ(&this_cpu(), cpu);
}

KTEST(x86_64_interrupts, boot_cpu_hardware_id_is_its_apic_id) {
    Interrupts::State state = Interrupts::disable();
    KEXPECT_EQ(uint64_t(LocalApic::id()), this_cpu().hardware_id);
    Interrupts::restore(state);
}

KTEST(x86_64_clock, is_monotonic_and_calibrated) {
    KEXPECT(Clock::tsc_frequency() >= 1'000'000);
    uint64_t previous = Clock::now_ns();
    for (int i = 0; i < 1000; ++i) {
        uint64_t now = Clock::now_ns();
        KASSERT(now >= previous);
        previous = now;
    }
    // The conversions agree with each other: a second of ns is the TSC frequency, to 0.1 %.
    uint64_t ticks = Clock::ns_to_tsc(1'000'000'000);
    uint64_t hz = Clock::tsc_frequency();
    KEXPECT(ticks > hz - hz / 1000 && ticks < hz + hz / 1000);
}

// The scheduler arms this CPU's timer too; these tests replace its deadline, and the interrupt
// they cause runs its handler, which arms the next one (an early call is harmless there).
KTEST(x86_64_timer, deadline_fires) {
    Interrupts::State state = Interrupts::disable();
    uint64_t before = my_counts().timer.load();
    Timer::set_deadline(Clock::now_ns() + 2'000'000);
    Interrupts::enable();
    KEXPECT(wait_until([&] { return my_counts().timer.load() != before; }));
    (void)Interrupts::disable();
    Interrupts::restore(state);
}

KTEST(x86_64_timer, past_deadline_fires_at_once) {
    Interrupts::State state = Interrupts::disable();
    uint64_t before = my_counts().timer.load();
    Timer::set_deadline(0);
    Interrupts::enable();
    KEXPECT(wait_until([&] { return my_counts().timer.load() != before; }));
    (void)Interrupts::disable();
    Interrupts::restore(state);
}

KTEST(x86_64_timer, cancel_stops_a_deadline) {
    // Masked throughout: nothing else can arm the timer while we watch it.
    Interrupts::State state = Interrupts::disable();
    Timer::set_deadline(Clock::now_ns() + 1'000'000);
    Timer::cancel();
    Clock::spin_for_ns(3'000'000);
    KEXPECT(!Timer::consume_deadline());
    if (!Timer::uses_tsc_deadline())
        KEXPECT_EQ(LocalApic::read(ApicRegister::TimerCurrentCount), 0u);
    // Give the scheduler its tick back.
    Timer::set_deadline(Clock::now_ns());
    Interrupts::restore(state);
}

KTEST(x86_64_smp, ipi_to_self_arrives) {
    Interrupts::State state = Interrupts::disable();
    uint64_t before = my_counts().ipi.load();
    Smp::send_ipi(this_cpu());
    Interrupts::enable();
    KEXPECT(wait_until([&] { return my_counts().ipi.load() != before; }));
    (void)Interrupts::disable();
    Interrupts::restore(state);
}

KTEST(x86_64_smp, ipi_reaches_every_other_cpu) {
    uint32_t self = this_cpu().index;
    for (uint32_t i = 0; i < cpu_count(); ++i) {
        if (i == self || !cpu(i).online.load())
            continue;
        uint64_t before = interrupt_counts(i).ipi.load();
        Smp::send_ipi(cpu(i));
        KEXPECT(wait_until([&] { return interrupt_counts(i).ipi.load() != before; }));
    }
}

namespace {

struct CpuCheck {
    Atomic<uint32_t> good{0};
};

// Each CPU runs on its own GDT/TSS (task register kTssSelector) with its gs base on its own
// CpuLocal.
void check_this_cpu(void* argument) {
    uint16_t task_register;
    asm volatile("str %0" : "=r"(task_register));
    CpuLocal* cpu = CpuLocalAccess::current();
    bool ok = task_register == kTssSelector &&
              read_msr(Msr::GsBase) == reinterpret_cast<uint64_t>(cpu) &&
              LocalApic::id() == cpu->hardware_id && !Interrupts::are_enabled();
    if (ok)
        static_cast<CpuCheck*>(argument)->good.fetch_add(1);
}

} // namespace

KTEST(x86_64_smp, every_cpu_has_its_descriptors_and_gs_base) {
    CpuCheck check;
    smp::call_on_all(check_this_cpu, &check);
    KEXPECT_EQ(check.good.load(), online_cpu_count());
}

namespace {

// PIT channel 0, mode 0: OUT0 (ISA IRQ 0) rises once when the count reaches zero.
constexpr IoPort kPitChannel0 = 0x40;
constexpr IoPort kPitCommand = 0x43;
constexpr uint8_t kChannel0Mode0 = 0b00'11'000'0;

Atomic<uint32_t> g_pit_interrupts{0};

void count_pit(uint32_t, void*) { g_pit_interrupts.fetch_add(1); }

} // namespace

KTEST(x86_64_io_apic, pit_interrupt_arrives_on_line_0) {
    g_pit_interrupts.store(0);
    KASSERT(irq::register_handler(0, count_pit, nullptr, this_cpu().index).is_ok());
    Interrupts::State state = Interrupts::disable();
    out8(kPitCommand, kChannel0Mode0);
    out8(kPitChannel0, 0x00); // 0x1000 ticks of 1.19 MHz: about 3.4 ms
    out8(kPitChannel0, 0x10);
    Interrupts::enable();
    KEXPECT(wait_until([] { return g_pit_interrupts.load() != 0; }));
    (void)Interrupts::disable();
    Interrupts::restore(state);
    KEXPECT(irq::unregister_handler(0).is_ok());
}
