// arch::InterruptController over the two GIC drivers, and the IRQ path: acknowledge, dispatch to
// exactly one generic handler, end of interrupt, interrupt_exit().

#include <arch/aarch64/gic/gic.h>
#include <arch/cpu_local.h>
#include <arch/interrupt_controller.h>
#include <arch/smp.h>
#include <arch/timer.h>
#include <core/console.h>
#include <core/cpu_local.h>
#include <core/interrupt.h>
#include <platform/dtb.h>

namespace mica::arch {

namespace {

constinit uint32_t g_version = 0;

uint64_t this_cpu_affinity() {
    uint64_t mpidr;
    asm volatile("mrs %0, mpidr_el1" : "=r"(mpidr));
    return mpidr & 0xff'00ff'ffffull;
}

} // namespace

Result<void> InterruptController::init(const BootInfo& info) {
    Fdt fdt = TRY(platform::boot_fdt(info));
    gic::GicDescription description = TRY(gic::describe_gic(fdt));
    if (description.version == 3)
        TRY(gic::v3::init(description));
    else
        TRY(gic::v2::init(description));
    g_version = description.version;
    println("gic: GICv{} at {:#x}, {} interrupt ids", g_version, description.distributor.address,
            g_version == 3 ? gic::v3::line_count() : gic::v2::line_count());
    return {};
}

Result<void> InterruptController::init_this_cpu() {
    switch (g_version) {
    case 2: {
        CpuLocal* cpu = CpuLocalAccess::current();
        if (!cpu)
            return Error::InvalidArgument; // CpuLocalAccess::install() comes first
        return gic::v2::init_this_cpu(cpu->index, Timer::interrupt_id());
    }
    case 3: return gic::v3::init_this_cpu(this_cpu_affinity(), Timer::interrupt_id());
    }
    return Error::NotFound;
}

Result<void> InterruptController::enable_line(uint32_t line, uint32_t cpu) {
    switch (g_version) {
    case 2: return gic::v2::enable_line(line, cpu);
    case 3:
        if (cpu >= cpu_count())
            return Error::InvalidArgument;
        return gic::v3::enable_line(line, mica::cpu(cpu).hardware_id);
    }
    return Error::NotFound;
}

void InterruptController::disable_line(uint32_t line) {
    switch (g_version) {
    case 2: gic::v2::disable_line(line); break;
    case 3: gic::v3::disable_line(line); break;
    }
}

uint32_t InterruptController::version() { return g_version; }

namespace gic {
void set_pending(uint32_t line) {
    switch (g_version) {
    case 2: v2::set_pending(line); break;
    case 3: v3::set_pending(line); break;
    }
}
} // namespace gic

void Smp::send_ipi(const CpuLocal& target) {
    switch (g_version) {
    case 2: gic::v2::send_sgi(gic::kIpiSgi, target); break;
    case 3: gic::v3::send_sgi(gic::kIpiSgi, target.hardware_id); break;
    }
}

} // namespace mica::arch

using namespace mica;
using namespace mica::arch;

// From trap/trap.cpp, for an IRQ taken at EL1, on the interrupted thread's stack with interrupts
// masked. interrupt_exit() may switch threads and return much later; the frame the vectors
// saved stays on this stack meanwhile.
extern "C" void aarch64_handle_irq() {
    gic::Acknowledged interrupt = g_version == 3 ? gic::v3::acknowledge() : gic::v2::acknowledge();
    uint32_t intid = interrupt.intid;
    if (intid >= gic::kMaxIntid)
        return; // spurious: nothing to acknowledge, nothing to end

    CpuLocal& cpu = *CpuLocalAccess::current();
    if (intid == Timer::interrupt_id()) {
        Timer::acknowledge();
        handle_timer_interrupt();
    } else if (intid == gic::kIpiSgi) {
        handle_ipi();
    } else if (intid >= gic::kFirstSpi) {
        handle_device_interrupt(intid);
    } else {
        println("gic: unexpected private interrupt {} on cpu {}", intid, cpu.index);
    }
    if (g_version == 3)
        gic::v3::end_of_interrupt(interrupt);
    else
        gic::v2::end_of_interrupt(interrupt);
    interrupt_exit();
}
