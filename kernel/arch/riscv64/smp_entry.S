// Where a secondary hart starts: SBI HSM hart_start enters here in S-mode at the PHYSICAL address
// of this code, MMU off (satp = 0), with a0 = hart id and a1 = the opaque value, the physical
// address of its SecondaryBoot block (smp.cpp: {satp, stack top, CpuLocal*}, the last two
// virtual). Position independent until the kernel table is on, like entry.S.
//
// The kernel table has no identity mapping, so the instruction after `csrw satp` cannot be
// fetched at its physical address: the fetch faults, and stvec, already set to the virtual
// address of the continuation, is where the hart lands. That trap is the jump to the higher half.

    .option norelax

    .equ SSTATUS_SIE, 1 << 1
    .equ SSTATUS_FS, 3 << 13
    .equ SSTATUS_SUM, 1 << 18
    .equ BOOT_SATP, 0
    .equ BOOT_STACK_TOP, 8
    .equ BOOT_CPU, 16

    .section .text.boot, "ax"
    .globl riscv64_secondary_entry
    .type riscv64_secondary_entry, @function
    .balign 4
riscv64_secondary_entry:
    csrw sie, zero
    li t0, SSTATUS_SIE | SSTATUS_FS | SSTATUS_SUM
    csrc sstatus, t0

    ld t0, BOOT_SATP(a1)
    ld sp, BOOT_STACK_TOP(a1)
    ld tp, BOOT_CPU(a1)
    ld t1, .Lsecondary_higher_half_address  // a linked (virtual) address, loaded PC-relative
    csrw stvec, t1
    sfence.vma
    csrw satp, t0
    sfence.vma
    // Not reached: fetching this at its physical address faults into stvec.
1:  j 1b

    .balign 4                          // stvec direct mode: the low two bits are the mode
.Lsecondary_higher_half:
    sfence.vma
    lla t0, riscv64_trap_entry
    csrw stvec, t0
    csrw sscratch, zero                // "already on a kernel stack", as on the boot hart
    li gp, 0
    li s0, 0                           // ends backtraces
    mv a0, tp
    call riscv64_secondary_main
2:  wfi                                // riscv64_secondary_main does not return
    j 2b
    .size riscv64_secondary_entry, . - riscv64_secondary_entry

    .section .rodata.boot, "a"
    .balign 8
.Lsecondary_higher_half_address:
    .quad .Lsecondary_higher_half
