#pragma once
// Bringing up the other CPUs and talking to them. Generic: the arch only starts a CPU on a
// stack (arch::Smp::start_cpu) and delivers a single IPI vector; what an IPI means is in the
// target's CpuLocal::pending_ipis.

#include <core/boot_info.h>
#include <core/cpu_local.h>
#include <lib/result.h>

namespace mica::smp {

enum IpiKind : uint32_t {
    kIpiReschedule = 1u << 0, // run the scheduler on the way out of the interrupt
    kIpiCall = 1u << 1,       // run the function posted with call_on_cpu()
};

// Boot CPU, once: gives every CPU the firmware describes a CpuLocal and installs the boot CPU's.
Result<void> init_boot_cpu(const BootInfo& info);

// Boot CPU, once the scheduler runs: starts the others and waits (bounded) until each is online.
// Returns how many are online, boot CPU included.
uint32_t start_secondaries();

// Sends `kind` to one CPU.
void send_ipi(uint32_t cpu_index, IpiKind kind);

// Runs `function(argument)` on CPU `cpu_index` in its IPI handler (interrupts masked there) and
// waits until it has run. On this CPU it runs directly, with interrupts masked.
void call_on_cpu(uint32_t cpu_index, void (*function)(void*), void* argument);
// The same on every online CPU, this one included.
void call_on_all(void (*function)(void*), void* argument);

} // namespace mica::smp

namespace mica {
// Where each secondary CPU enters generic code, on its own stack, with its traps installed and
// the kernel page table active. Never returns: ends in the scheduler's idle loop.
[[noreturn]] void secondary_main(CpuLocal& cpu);
} // namespace mica
