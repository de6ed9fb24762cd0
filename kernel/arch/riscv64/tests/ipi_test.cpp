// IPIs through the SBI IPI extension: one to this hart arrives as sip.SSIP, is taken once
// interrupts open, and is acknowledged.

#include <arch/csr.h>
#include <arch/interrupts.h>
#include <arch/smp.h>
#include <arch/timer.h>
#include <core/cpu_local.h>
#include <core/ktest.h>

using namespace mica;
using namespace mica::arch;

KTEST(riscv64_ipi, ipi_to_self_is_pending_then_taken_once) {
    Interrupts::State state = Interrupts::disable();
    uint64_t before = this_cpu().ipis_received.load();
    Smp::send_ipi(this_cpu());
    uint64_t give_up = Clock::now_ns() + 1'000'000'000;
    while (!(read_sip() & InterruptBits::kSoftware) && Clock::now_ns() < give_up) {
    }
    KEXPECT(read_sip() & InterruptBits::kSoftware);
    KEXPECT_EQ(this_cpu().ipis_received.load(), before);
    Interrupts::wait_for_interrupt();
    KEXPECT_EQ(this_cpu().ipis_received.load(), before + 1);
    KEXPECT(!(read_sip() & InterruptBits::kSoftware));
    Interrupts::restore(state);
}

KTEST(riscv64_ipi, ipi_reaches_another_hart) {
    if (online_cpu_count() < 2)
        return;
    CpuLocal& other = cpu(this_cpu().index == 0 ? 1 : 0);
    uint64_t before = other.ipis_received.load();
    Smp::send_ipi(other);
    uint64_t give_up = Clock::now_ns() + 2'000'000'000;
    while (other.ipis_received.load() == before && Clock::now_ns() < give_up) {
    }
    KEXPECT(other.ipis_received.load() > before);
}
