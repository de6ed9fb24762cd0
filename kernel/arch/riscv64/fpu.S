// FpuState (include/arch/fpu.h): f0..f31 and fcsr out of and back into this hart. The kernel runs
// with sstatus.FS Off, so each routine turns it on for the copy and off again; the user's own FS
// is in its TrapFrame's sstatus and comes back with the return to user mode.

    .option norelax

#include <core/exception_fixup.inc>
#include "fp_insn.inc"
#include "sstatus.inc"

    .equ FPU_FCSR, 256                 // kFpuStateFcsr

    .text

// void riscv64_fpu_save(FpuState* state /* a0 */)
    .globl riscv64_fpu_save
    .type riscv64_fpu_save, @function
    .balign 4
riscv64_fpu_save:
    li t0, SSTATUS_FS
    csrs sstatus, t0
    .irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
    fsd_n \n, \n * 8, a0
    .endr
    csrr t1, CSR_FCSR
    sd t1, FPU_FCSR(a0)
    csrc sstatus, t0
    ret
    .size riscv64_fpu_save, . - riscv64_fpu_save

// void riscv64_fpu_restore(const FpuState* state /* a0 */)
    .globl riscv64_fpu_restore
    .type riscv64_fpu_restore, @function
    .balign 4
riscv64_fpu_restore:
    li t0, SSTATUS_FS
    csrs sstatus, t0
    .irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
    fld_n \n, \n * 8, a0
    .endr
    ld t1, FPU_FCSR(a0)
    csrw CSR_FCSR, t1
    csrc sstatus, t0
    ret
    .size riscv64_fpu_restore, . - riscv64_fpu_restore

// bool riscv64_fpu_has_double(): whether a D instruction runs here. Without F, FS reads back Off
// and the instruction is illegal; with F but not D it is illegal too. The fixup returns false.
    .globl riscv64_fpu_has_double
    .type riscv64_fpu_has_double, @function
    .balign 4
riscv64_fpu_has_double:
    li t0, SSTATUS_FS
    csrs sstatus, t0
    li a0, 0
1:  fmv_d_same_n 0
    li a0, 1
2:  csrc sstatus, t0
    ret
    exception_fixup 1b, 2b
    .size riscv64_fpu_has_double, . - riscv64_fpu_has_double
