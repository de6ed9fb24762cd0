#include <arch/cpu.h>
#include <arch/cpu_local.h>
#include <arch/fpu.h>
#include <arch/interrupt_controller.h>
#include <arch/interrupts.h>
#include <arch/mmu.h>
#include <arch/smp.h>
#include <arch/timer.h>
#include <core/console.h>
#include <core/panic.h>
#include <core/smp.h>
#include <core/spinlock.h>
#include <platform/cpus.h>
#include <sched/scheduler.h>
#include <vm/page_table_format.h>
#include <vm/physical_memory.h>

namespace mica {

namespace {

CpuLocal g_cpus[kMaxCpus];
uint32_t g_cpu_count = 1;

// A function posted to one CPU by call_on_cpu(); serialized per target by `lock`.
struct CallSlot {
    SpinLock lock;
    void (*function)(void*) = nullptr;
    void* argument = nullptr;
    Atomic<bool> done{true};
};
CallSlot g_calls[kMaxCpus];

constexpr unsigned kSecondaryStackOrder = 2; // 16 KiB
constexpr uint64_t kStartTimeoutNs = 2'000'000'000;

} // namespace

CpuLocal& this_cpu() { return *arch::CpuLocalAccess::current(); }
CpuLocal& cpu(uint32_t index) {
    ASSERT(index < g_cpu_count);
    return g_cpus[index];
}
uint32_t cpu_count() { return g_cpu_count; }

uint32_t online_cpu_count() {
    uint32_t online = 0;
    for (uint32_t i = 0; i < g_cpu_count; ++i)
        online += g_cpus[i].online.load(MemoryOrder::Acquire);
    return online;
}

namespace smp {

Result<void> init_boot_cpu(const BootInfo& info) {
    platform::CpuIds ids;
    Result<void> found = platform::enumerate_cpus(info, ids);
    if (found.is_error() || ids.is_empty()) {
        println("smp: the firmware describes no CPUs ({}); running on the boot CPU only",
                found.is_error() ? error_name(found.error()) : "empty list");
        ids.clear();
        TRY(ids.try_append(info.boot_cpu_id));
    }
    // The boot CPU is index 0 wherever the firmware lists it.
    size_t boot = 0;
    for (size_t i = 0; i < ids.size(); ++i) {
        if (ids[i] == info.boot_cpu_id)
            boot = i;
    }
    g_cpu_count = 0;
    g_cpus[g_cpu_count++].hardware_id = ids[boot];
    for (size_t i = 0; i < ids.size() && g_cpu_count < kMaxCpus; ++i) {
        if (i != boot)
            g_cpus[g_cpu_count++].hardware_id = ids[i];
    }
    for (uint32_t i = 0; i < g_cpu_count; ++i)
        g_cpus[i].index = i;
    arch::CpuLocalAccess::install(&g_cpus[0]);
    g_cpus[0].online.store(true, MemoryOrder::Release);
    return {};
}

uint32_t start_secondaries() {
    for (uint32_t i = 1; i < g_cpu_count; ++i) {
        CpuLocal& target = g_cpus[i];
        Result<PhysAddr> stack = physical_memory::allocate(kSecondaryStackOrder);
        if (stack.is_error()) {
            println("smp: cpu {}: no memory for a stack", i);
            continue;
        }
        uintptr_t top = reinterpret_cast<uintptr_t>(arch::EarlyMmu::phys_to_virt(stack.value())) +
                        (kPageSize << kSecondaryStackOrder);
        target.boot_stack_top = top;
        if (Result<void> started = arch::Smp::start_cpu(target, top); started.is_error()) {
            println("smp: cpu {} (hardware id {:#x}) did not start: {}", i, target.hardware_id,
                    started.error());
            (void)physical_memory::free(stack.value(), kSecondaryStackOrder);
            continue;
        }
        // One at a time: some start paths (the x86 real-mode trampoline) share state.
        uint64_t deadline = arch::Clock::now_ns() + kStartTimeoutNs;
        while (!target.online.load(MemoryOrder::Acquire) && arch::Clock::now_ns() < deadline)
            arch::Cpu::relax();
        if (!target.online.load(MemoryOrder::Acquire))
            println("smp: cpu {} (hardware id {:#x}) started but did not come online", i,
                    target.hardware_id);
    }
    return online_cpu_count();
}

void send_ipi(uint32_t cpu_index, IpiKind kind) {
    CpuLocal& target = cpu(cpu_index);
    target.pending_ipis.fetch_or(kind, MemoryOrder::Release);
    arch::Smp::send_ipi(target);
}

void call_on_cpu(uint32_t cpu_index, void (*function)(void*), void* argument) {
    if (cpu_index == this_cpu().index) {
        arch::Interrupts::State state = arch::Interrupts::disable();
        function(argument);
        arch::Interrupts::restore(state);
        return;
    }
    // Waiting for another CPU with interrupts masked could deadlock against a CPU that is
    // waiting for us; callers run with interrupts on.
    ASSERT(arch::Interrupts::are_enabled());
    CallSlot& slot = g_calls[cpu_index];
    slot.lock.acquire();
    slot.function = function;
    slot.argument = argument;
    slot.done.store(false, MemoryOrder::Release);
    send_ipi(cpu_index, kIpiCall);
    while (!slot.done.load(MemoryOrder::Acquire))
        arch::Cpu::relax();
    slot.lock.release();
}

void call_on_all(void (*function)(void*), void* argument) {
    uint32_t self = this_cpu().index;
    for (uint32_t i = 0; i < g_cpu_count; ++i) {
        if (i != self && g_cpus[i].online.load(MemoryOrder::Acquire))
            call_on_cpu(i, function, argument);
    }
    call_on_cpu(self, function, argument);
}

// Runs the function posted to this CPU, from its IPI handler.
void run_posted_call() {
    CallSlot& slot = g_calls[this_cpu().index];
    if (slot.done.load(MemoryOrder::Acquire))
        return;
    slot.function(slot.argument);
    slot.done.store(true, MemoryOrder::Release);
}

} // namespace smp

void secondary_main(CpuLocal& cpu) {
    arch::CpuLocalAccess::install(&cpu);
    if (Result<void> controller = arch::InterruptController::init_this_cpu(); !controller)
        panic("cpu {}: interrupt controller: {}", cpu.index, controller.error());
    if (Result<void> timer = arch::Timer::init_this_cpu(); !timer)
        panic("cpu {}: timer: {}", cpu.index, timer.error());
    arch::FpuState::init_this_cpu();
    cpu.online.store(true, MemoryOrder::Release);
    sched::run_secondary(cpu);
}

} // namespace mica
