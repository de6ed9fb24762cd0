// Where PSCI CPU_ON starts a secondary CPU: at its physical address, MMU and caches off, at EL2
// (then dropped to EL1 like the boot CPU) or EL1, with x0 = the physical address of its
// SecondaryBoot (smp/start_cpu.cpp). It takes the boot CPU's MMU configuration, turns the MMU on
// through the early identity map (the code sits in .text.boot, inside the identity-mapped
// 2 MiB: linker.ld and start_cpu.cpp check it), moves to the kernel half, drops TTBR0 and sets
// WXN as the boot CPU did, then calls aarch64_secondary_main(cpu) on the stack it was given.

#include <arch/aarch64/asm_defs.h>

    .section .text.boot, "ax"
    .globl  aarch64_secondary_entry
    .type   aarch64_secondary_entry, %function
aarch64_secondary_entry:
    msr     daifset, #0xf
    mov     x19, x0                      // SecondaryBoot, physical; plain loads read memory
    mrs     x0, CurrentEL
    lsr     x0, x0, #2
    cmp     x0, #2
    adr     x9, secondary_at_el1
    b.eq    aarch64_leave_el2            // erets to x9
    cmp     x0, #1
    b.ne    aarch64_unsupported_el

secondary_at_el1:
    msr     spsel, #1
    ldr     x0, =SCTLR_EL1_MMU_OFF
    msr     sctlr_el1, x0
    msr     cpacr_el1, xzr
    isb

    // Kernel-half values, only used once the MMU is on.
    ldr     x20, [x19, #SECONDARY_BOOT_STACK_TOP]
    ldr     x21, [x19, #SECONDARY_BOOT_CPU]

    ldr     x0, [x19, #SECONDARY_BOOT_MAIR]
    msr     mair_el1, x0
    ldr     x0, [x19, #SECONDARY_BOOT_TCR]
    msr     tcr_el1, x0
    adrp    x0, early_idmap_l0
    msr     ttbr0_el1, x0
    ldr     x0, [x19, #SECONDARY_BOOT_TTBR1]
    msr     ttbr1_el1, x0
    isb
    tlbi    vmalle1
    ic      iallu
    dsb     nsh
    isb
    ldr     x0, =SCTLR_EL1_MMU_ON
    msr     sctlr_el1, x0
    isb
    ldr     x0, =secondary_higher_half   // link address: a literal, not PC-relative
    br      x0

secondary_higher_half:
    mrs     x0, tcr_el1
    orr     x0, x0, #TCR_EPD0
    msr     tcr_el1, x0
    msr     ttbr0_el1, xzr
    mrs     x0, sctlr_el1
    orr     x0, x0, #SCTLR_EL1_WXN
    msr     sctlr_el1, x0
    isb
    tlbi    vmalle1                      // identity-map entries, and any that cached WXN = 0
    dsb     nsh
    isb

    mov     sp, x20
    adrp    x0, exception_vectors
    add     x0, x0, :lo12:exception_vectors
    msr     vbar_el1, x0
    msr     tpidr_el1, x21               // CpuLocalAccess, before any C++ runs
    isb
    mov     x29, xzr                     // terminates backtraces
    mov     x30, xzr
    mov     x0, x21
    bl      aarch64_secondary_main
1:  wfi
    b       1b
    .size   aarch64_secondary_entry, . - aarch64_secondary_entry

    .ltorg
