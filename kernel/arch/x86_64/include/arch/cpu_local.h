#pragma once
// This CPU's CpuLocal through the gs segment base. install() writes IA32_GS_BASE and keeps a
// pointer to the CpuLocal in its first word (arch_scratch[0]), so current() is one load,
// `mov %gs:0`, that no preemption can tear (a thread moved to another CPU between reading the
// base and loading through it would otherwise see the old CPU). IA32_KERNEL_GS_BASE stays free
// for swapgs: while user code runs, the CpuLocal pointer waits there, and every entry from user
// mode swaps it back in.

#include <arch/registers.h>
#include <core/cpu_local.h>

namespace mica::arch {

struct CpuDescriptors;
// traps/descriptors.cpp: the boot CPU's tables, static since before the heap.
CpuDescriptors& boot_cpu_descriptors();

struct CpuLocalAccess {
    static void install(CpuLocal* cpu) {
        cpu->arch_scratch[kSelf] = reinterpret_cast<uintptr_t>(cpu);
        // Secondaries got theirs from Smp::start_cpu(); only the boot CPU arrives without.
        if (cpu->arch_scratch[kDescriptors] == 0)
            cpu->arch_scratch[kDescriptors] = reinterpret_cast<uintptr_t>(&boot_cpu_descriptors());
        write_msr(Msr::GsBase, reinterpret_cast<uint64_t>(cpu));
    }
    static CpuLocal* current() {
        CpuLocal* cpu;
        asm volatile("movq %%gs:0, %0" : "=r"(cpu));
        return cpu;
    }

    // arch_scratch slots: the self pointer read by current(), the CPU's descriptor tables
    // (GDT, TSS, interrupt stacks: traps/descriptors.h), and two for the syscall entry
    // (user/syscall_entry.S): the user rsp while it switches stacks, and the current thread's
    // kernel stack top (UserMode::set_kernel_stack).
    static constexpr size_t kSelf = 0;
    static constexpr size_t kDescriptors = 1;
    static constexpr size_t kSyscallUserRsp = 2;
    static constexpr size_t kKernelStackTop = 3;
};

static_assert(__builtin_offsetof(CpuLocal, arch_scratch) == 0, "current() reads %gs:0");

} // namespace mica::arch
