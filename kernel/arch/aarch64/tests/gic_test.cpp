// The GIC on the real machine: an SGI to this CPU arrives as an IPI, and a shared line made
// pending by software arrives at the registered handler through acknowledge / end of interrupt,
// on the CPU it was routed to.

#include <arch/aarch64/gic/gic.h>
#include <arch/cpu.h>
#include <arch/interrupt_controller.h>
#include <arch/interrupts.h>
#include <arch/smp.h>
#include <arch/timer.h>
#include <core/cpu_local.h>
#include <core/interrupt.h>
#include <core/ktest.h>
#include <core/smp.h>

using namespace mica;

namespace {

constexpr uint64_t kTimeoutNs = 2'000'000'000;

template <typename Done>
bool wait_with_interrupts(Done done) {
    arch::Interrupts::State state = arch::Interrupts::disable();
    uint64_t deadline = arch::Clock::now_ns() + kTimeoutNs;
    while (!done() && arch::Clock::now_ns() < deadline) {
        arch::Interrupts::enable();
        arch::Cpu::relax();
        arch::Interrupts::disable();
    }
    bool ok = done();
    arch::Interrupts::restore(state);
    return ok;
}

struct LineRecord {
    Atomic<uint32_t> count{0};
    Atomic<uint32_t> line{0};
    Atomic<uint32_t> cpu{~0u};
};

void record_line(uint32_t line, void* context) {
    auto* record = static_cast<LineRecord*>(context);
    record->line.store(line);
    record->cpu.store(this_cpu().index);
    record->count.fetch_add(1);
}

// Runs on another CPU, in its IPI handler: an SGI back to the CPU that asked.
void send_ipi_back(void* requester) { arch::Smp::send_ipi(*static_cast<CpuLocal*>(requester)); }

} // namespace

KTEST(aarch64_gic, version_matches_the_device_tree) {
    uint32_t version = arch::InterruptController::version();
    KEXPECT(version == 2 || version == 3);
    println("    GICv{}", version);
}

KTEST(aarch64_gic, ipi_to_this_cpu) {
    CpuLocal& cpu = this_cpu();
    uint64_t before = cpu.ipis_received.load();
    arch::Smp::send_ipi(cpu);
    KEXPECT(wait_with_interrupts([&] { return cpu.ipis_received.load() > before; }));
}

// A GICv2 reports the sending CPU with an SGI; the IRQ path must still see SGI 0 and end it, or
// this CPU's interface stays busy and takes no interrupt again. Twice per sender, so a missing
// end of interrupt shows up as a second IPI that never arrives.
KTEST(aarch64_gic, ipi_from_every_other_cpu) {
    CpuLocal& self = this_cpu();
    for (uint32_t sender = 0; sender < cpu_count(); ++sender) {
        if (sender == self.index || !cpu(sender).online.load())
            continue;
        for (int round = 0; round < 2; ++round) {
            uint64_t before = self.ipis_received.load();
            smp::call_on_cpu(sender, send_ipi_back, &self);
            KEXPECT(wait_with_interrupts([&] { return self.ipis_received.load() > before; }));
        }
    }
}

KTEST(aarch64_gic, software_pending_spi_reaches_its_handler_on_each_cpu) {
    // The last line the distributor implements: no QEMU virt device uses it.
    uint32_t line = arch::InterruptController::version() == 3 ? arch::gic::v3::line_count() - 1
                                                              : arch::gic::v2::line_count() - 1;
    for (uint32_t target = 0; target < cpu_count(); ++target) {
        if (!cpu(target).online.load())
            continue;
        LineRecord record;
        KASSERT(irq::register_handler(line, record_line, &record, target).is_ok());
        arch::gic::set_pending(line);
        KEXPECT(wait_with_interrupts([&] { return record.count.load() > 0; }));
        KEXPECT_EQ(record.line.load(), line);
        KEXPECT_EQ(record.cpu.load(), target);
        KEXPECT_EQ(record.count.load(), 1u); // end of interrupt, and no second delivery
        KEXPECT(irq::unregister_handler(line).is_ok());
    }
}

KTEST(aarch64_gic, enable_line_refuses_private_and_absent_lines) {
    KEXPECT(arch::InterruptController::enable_line(arch::Timer::interrupt_id(), 0).is_error());
    KEXPECT(arch::InterruptController::enable_line(5000, 0).is_error());
}
