#pragma once
// Per-CPU state, one CpuLocal per CPU, reached in O(1) through the arch's per-CPU register
// (gs base on x86_64, TPIDR_EL1 on aarch64, tp on riscv64; arch::CpuLocalAccess).

#include <lib/atomic.h>
#include <lib/types.h>

namespace mica {

namespace sched {
struct Thread;
struct CpuScheduler;
} // namespace sched

constexpr uint32_t kMaxCpus = 64;

struct CpuLocal {
    // Arch-private words at the very start (x86_64 keeps a self pointer at gs:0 and scratch for
    // the syscall path there); generic code never touches them.
    uintptr_t arch_scratch[4] = {};

    uint32_t index = 0;       // 0 is the boot CPU; dense, in firmware order
    uint64_t hardware_id = 0; // local APIC id, MPIDR affinity bits or hart id
    Atomic<bool> online{false};

    sched::Thread* current_thread = nullptr;
    sched::CpuScheduler* scheduler = nullptr;

    // Inter-processor requests: bits of smp::IpiKind set by the sender, cleared by the receiver.
    Atomic<uint32_t> pending_ipis{0};
    Atomic<uint64_t> ipis_received{0};
    Atomic<uint64_t> timer_interrupts{0};

    // Depth of interrupt handling on this CPU; nonzero means "in an interrupt".
    uint32_t interrupt_depth = 0;
    uintptr_t boot_stack_top = 0; // for secondaries: the stack they started on
    // The user page table this CPU translates the low half with (0: none). Kernel threads leave
    // it in place; tearing an address space down first moves every CPU off it.
    PhysAddr active_user_table = 0;
};

CpuLocal& this_cpu();
CpuLocal& cpu(uint32_t index);
uint32_t cpu_count(); // CPUs described by the firmware and given a CpuLocal
uint32_t online_cpu_count();

} // namespace mica
