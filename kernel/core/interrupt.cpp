#include <arch/interrupt_controller.h>
#include <core/console.h>
#include <core/cpu_local.h>
#include <core/interrupt.h>
#include <core/smp.h>
#include <core/spinlock.h>
#include <sched/scheduler.h>

namespace mica {

namespace smp {
void run_posted_call(); // smp.cpp
}

namespace {

constexpr uint32_t kMaxLines = 1024;

struct Registration {
    irq::Handler handler = nullptr;
    void* context = nullptr;
};

SpinLock g_lines_lock;
Registration g_lines[kMaxLines] GUARDED_BY(g_lines_lock);

// Marks this CPU as "in an interrupt" while a handler runs, for every ISA in one place; the
// depth is 0 again by interrupt_exit(), which only preempts then.
class InInterrupt {
public:
    InInterrupt() : m_cpu(this_cpu()) { ++m_cpu.interrupt_depth; }
    ~InInterrupt() { --m_cpu.interrupt_depth; }
    InInterrupt(const InInterrupt&) = delete;
    InInterrupt& operator=(const InInterrupt&) = delete;

private:
    CpuLocal& m_cpu;
};

} // namespace

void handle_timer_interrupt() {
    InInterrupt scope;
    this_cpu().timer_interrupts.fetch_add(1, MemoryOrder::Relaxed);
    sched::timer_interrupt();
}

void handle_ipi() {
    InInterrupt scope;
    CpuLocal& self = this_cpu();
    self.ipis_received.fetch_add(1, MemoryOrder::Relaxed);
    uint32_t kinds = self.pending_ipis.exchange(0, MemoryOrder::Acquire);
    if (kinds & smp::kIpiCall)
        smp::run_posted_call();
    if (kinds & smp::kIpiReschedule)
        sched::reschedule_ipi();
}

void handle_device_interrupt(uint32_t line) {
    InInterrupt scope;
    Registration registration;
    {
        SpinLockGuard guard(g_lines_lock);
        if (line < kMaxLines)
            registration = g_lines[line];
    }
    if (registration.handler) {
        registration.handler(line, registration.context);
        return;
    }
    // Nobody asked for this line: say so once and stop it from firing again.
    println("irq: line {} fired with no handler; masking it", line);
    arch::InterruptController::disable_line(line);
}

void interrupt_exit() { sched::preempt_if_needed(); }

namespace irq {

Result<void> register_handler(uint32_t line, Handler handler, void* context, uint32_t target_cpu) {
    if (line >= kMaxLines || !handler || target_cpu >= cpu_count())
        return Error::InvalidArgument;
    {
        SpinLockGuard guard(g_lines_lock);
        if (g_lines[line].handler)
            return Error::AlreadyExists;
        g_lines[line] = {handler, context};
    }
    Result<void> enabled = arch::InterruptController::enable_line(line, target_cpu);
    if (enabled.is_error()) {
        SpinLockGuard guard(g_lines_lock);
        g_lines[line] = {};
    }
    return enabled;
}

Result<void> unregister_handler(uint32_t line) {
    if (line >= kMaxLines)
        return Error::InvalidArgument;
    arch::InterruptController::disable_line(line);
    SpinLockGuard guard(g_lines_lock);
    if (!g_lines[line].handler)
        return Error::NotFound;
    g_lines[line] = {};
    return {};
}

} // namespace irq

} // namespace mica
