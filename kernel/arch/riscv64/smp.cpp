// Smp through the SBI firmware: HSM hart_start for bring-up (smp_entry.S is the entry), the IPI
// extension for interrupts between harts (the firmware raises the target's sip.SSIP).

#include <arch/cpu_local.h>
#include <arch/csr.h>
#include <arch/mmu.h>
#include <arch/sbi.h>
#include <arch/smp.h>
#include <core/cpu_local.h>
#include <core/smp.h>

// smp_entry.S.
extern "C" char riscv64_secondary_entry[];

namespace mica::arch {

namespace {

// What smp_entry.S reads, at physical addresses, before its MMU is on (offsets fixed there).
struct SecondaryBoot {
    uint64_t satp;      // the boot hart's: the kernel table, ASID 0
    uint64_t stack_top; // virtual
    CpuLocal* cpu;      // virtual; becomes tp
};
static_assert(__builtin_offsetof(SecondaryBoot, satp) == 0);
static_assert(__builtin_offsetof(SecondaryBoot, stack_top) == 8);
static_assert(__builtin_offsetof(SecondaryBoot, cpu) == 16);

// One per CPU, in the image so its physical address is known (EarlyMmu::virt_to_phys).
SecondaryBoot g_secondary_boot[kMaxCpus];

// SBI error codes (SBI specification, "Standard SBI Errors").
Error from_sbi_error(int64_t error) {
    switch (error) {
    case -3: return Error::InvalidArgument; // SBI_ERR_INVALID_PARAM: no such hart
    case -5: return Error::InvalidArgument; // SBI_ERR_INVALID_ADDRESS
    case -6: return Error::AlreadyExists;   // SBI_ERR_ALREADY_AVAILABLE: already started
    case -2: return Error::Unsupported;     // SBI_ERR_NOT_SUPPORTED
    default: return Error::Unsupported;
    }
}

} // namespace

Result<void> Smp::start_cpu(CpuLocal& cpu, uintptr_t stack_top) {
    if (cpu.index >= kMaxCpus || cpu.index == 0)
        return Error::InvalidArgument;
    SecondaryBoot& boot = g_secondary_boot[cpu.index];
    boot = SecondaryBoot{.satp = read_satp(), .stack_top = stack_top & ~uintptr_t{15}, .cpu = &cpu};
    // The hart reads the block with its MMU off; the firmware's start path need not order our
    // stores for us.
    asm volatile("fence rw, rw" ::: "memory");
    sbi::SbiResult result = sbi::call(
        sbi::Extension::HartStateManagement, uint64_t(sbi::HsmFunction::HartStart), cpu.hardware_id,
        EarlyMmu::virt_to_phys(riscv64_secondary_entry), EarlyMmu::virt_to_phys(&boot));
    if (result.error != 0)
        return from_sbi_error(result.error);
    return {};
}

void Smp::send_ipi(const CpuLocal& target) {
    // The sender's pending_ipis store must be visible before the target can take the interrupt;
    // the ecall is not a fence.
    asm volatile("fence rw, rw" ::: "memory");
    // hart_mask bit 0 with hart_mask_base = the hart: exactly that hart, whatever its id.
    sbi::call(sbi::Extension::Ipi, sbi::kSendIpiFunction, 1, target.hardware_id);
}

void Smp::acknowledge_ipi() { clear_sip_bits(InterruptBits::kSoftware); }

extern "C" [[noreturn]] void riscv64_secondary_main(CpuLocal* cpu) {
    CpuLocalAccess::install(cpu);
    secondary_main(*cpu);
}

} // namespace mica::arch
