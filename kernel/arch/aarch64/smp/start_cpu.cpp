// Smp::start_cpu: PSCI CPU_ON at smp/secondary_entry.S with a SecondaryBoot block that carries
// the boot CPU's MMU configuration and the new CPU's stack and CpuLocal.

#include <arch/aarch64/asm_defs.h>
#include <arch/aarch64/power/psci.h>
#include <arch/aarch64/user/privileged_access.h>
#include <arch/mmu.h>
#include <arch/smp.h>
#include <core/cpu_local.h>
#include <core/panic.h>
#include <core/smp.h>
#include <lib/align.h>

extern "C" char aarch64_secondary_entry[];
extern "C" char mmu_switch[];

namespace mica::arch {

namespace {

// Read by the new CPU with its MMU off, so straight from memory: start_cpu() cleans it to the
// point of coherency. One per CPU, each on its own cache lines, so that starting CPUs
// concurrently would not mix their blocks up.
struct alignas(64) SecondaryBoot {
    uint64_t ttbr1 = 0;
    uint64_t tcr = 0;
    uint64_t mair = 0;
    uint64_t stack_top = 0;
    uint64_t cpu = 0;
};
static_assert(__builtin_offsetof(SecondaryBoot, ttbr1) == SECONDARY_BOOT_TTBR1);
static_assert(__builtin_offsetof(SecondaryBoot, tcr) == SECONDARY_BOOT_TCR);
static_assert(__builtin_offsetof(SecondaryBoot, mair) == SECONDARY_BOOT_MAIR);
static_assert(__builtin_offsetof(SecondaryBoot, stack_top) == SECONDARY_BOOT_STACK_TOP);
static_assert(__builtin_offsetof(SecondaryBoot, cpu) == SECONDARY_BOOT_CPU);

constinit SecondaryBoot g_secondary_boot[kMaxCpus];

void clean_to_point_of_coherency(const void* address, size_t size) {
    uint64_t ctr;
    asm volatile("mrs %0, ctr_el0" : "=r"(ctr));
    uint64_t line = 4u << ((ctr >> 16) & 0xf); // DminLine: log2 of words
    uintptr_t start = align_down(reinterpret_cast<uintptr_t>(address), line);
    uintptr_t end = reinterpret_cast<uintptr_t>(address) + size;
    for (uintptr_t at = start; at < end; at += line)
        asm volatile("dc cvac, %0" ::"r"(at) : "memory");
    asm volatile("dsb sy" ::: "memory");
}

} // namespace

Result<void> Smp::start_cpu(CpuLocal& cpu, uintptr_t stack_top) {
    if (cpu.index >= kMaxCpus)
        return Error::OutOfRange;
    PhysAddr entry = EarlyMmu::virt_to_phys(aarch64_secondary_entry);
    PhysAddr identity = EarlyMmu::virt_to_phys(mmu_switch);
    if (align_down(entry, BLOCK_2M_SIZE) != align_down(identity, BLOCK_2M_SIZE))
        panic("aarch64: the secondary entry at {:#x} is outside the identity-mapped block at {:#x}",
              entry, align_down(identity, BLOCK_2M_SIZE));

    SecondaryBoot& boot = g_secondary_boot[cpu.index];
    asm volatile("mrs %0, ttbr1_el1" : "=r"(boot.ttbr1));
    asm volatile("mrs %0, mair_el1" : "=r"(boot.mair));
    // As this CPU has it, but with both halves walked: TTBR0 holds the identity map until the
    // new CPU reaches the kernel half.
    uint64_t tcr;
    asm volatile("mrs %0, tcr_el1" : "=r"(tcr));
    boot.tcr = tcr & ~uint64_t(TCR_EPD0 | TCR_EPD1);
    boot.stack_top = stack_top;
    boot.cpu = reinterpret_cast<uint64_t>(&cpu);
    clean_to_point_of_coherency(&boot, sizeof boot);

    return psci::cpu_on(cpu.hardware_id, entry, EarlyMmu::virt_to_phys(&boot));
}

} // namespace mica::arch

extern "C" [[noreturn]] void aarch64_secondary_main(mica::CpuLocal* cpu) {
    mica::arch::enable_privileged_access_never();
    mica::secondary_main(*cpu);
}
