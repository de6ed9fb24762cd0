// Moving TTBR1 from the early tables to the kernel table (mmu/kernel_table.cpp).
//
// Both tables map the image and the direct map at the same addresses, but not with the same block
// sizes, so a TLB that held entries of both could see a conflict (the break-before-make rule,
// applied to a whole table). The replacement therefore runs from the identity map in TTBR0, with
// walks of the kernel half disabled (TCR_EL1.EPD1) while its entries are flushed: no entry of the
// old table can survive, nor be walked in again, and none of the kernel half is needed meanwhile.
// The identity map (boot/early_tables.S) covers the 2 MiB block around mmu_switch; the
// replacement code sits in the same block (.text.boot, checked by linker.ld and at run time).

#include <arch/aarch64/asm_defs.h>

    .section .text.boot, "ax"

// void aarch64_switch_kernel_table(PhysAddr root, PhysAddr identity_l0, PhysAddr replace_phys)
// replace_phys: the physical address of aarch64_replace_ttbr1. Interrupts must be masked.
    .globl  aarch64_switch_kernel_table
    .type   aarch64_switch_kernel_table, %function
aarch64_switch_kernel_table:
    stp     x29, x30, [sp, #-16]!
    mov     x29, sp
    dsb     ishst                        // the new tables are in memory before any walk
    msr     ttbr0_el1, x1
    mrs     x3, tcr_el1
    bic     x3, x3, #TCR_EPD0
    msr     tcr_el1, x3
    isb
    blr     x2                           // aarch64_replace_ttbr1(root), identity mapped

    // Back in the kernel half, on the new table: TTBR0 is off again until user space.
    mrs     x3, tcr_el1
    orr     x3, x3, #TCR_EPD0
    msr     tcr_el1, x3
    msr     ttbr0_el1, xzr
    // No writable page of the kernel table is executable; WXN makes the MMU enforce it too. It
    // may be cached in TLB entries, hence the flush after it.
    mrs     x3, sctlr_el1
    orr     x3, x3, #SCTLR_EL1_WXN
    msr     sctlr_el1, x3
    isb
    tlbi    vmalle1is
    dsb     ish
    isb
    ldp     x29, x30, [sp], #16
    ret
    .size   aarch64_switch_kernel_table, . - aarch64_switch_kernel_table

// x0 = the new TTBR1 root. Runs at its physical address: no stack, no kernel-half addresses.
// Returns to the kernel-half caller through x30.
    .globl  aarch64_replace_ttbr1
    .type   aarch64_replace_ttbr1, %function
aarch64_replace_ttbr1:
    mrs     x3, tcr_el1
    orr     x3, x3, #TCR_EPD1
    msr     tcr_el1, x3
    isb
    tlbi    vmalle1is
    dsb     ish
    isb
    msr     ttbr1_el1, x0
    isb                                  // the new root before walks are enabled again
    bic     x3, x3, #TCR_EPD1
    msr     tcr_el1, x3
    isb
    tlbi    vmalle1is
    dsb     ish
    isb
    ret
    .size   aarch64_replace_ttbr1, . - aarch64_replace_ttbr1
