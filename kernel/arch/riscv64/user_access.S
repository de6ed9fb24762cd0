// Copies between kernel and user memory (include/arch/user_access.h). sstatus.SUM opens user
// pages to S-mode for the copy only. Every load (copy_from_user) or store (copy_to_user) on the
// user side is listed in .exception_fixups: a fault there resumes at the function's fault pad,
// which closes SUM again and returns false. Accesses on the kernel side have no fixup, so a bad
// kernel pointer still panics instead of reading as a bad user pointer.
//
// One loop for both: a0 = destination, a1 = source, a2 = size. Bytes until the destination is
// 8-byte aligned, then whole words when the source is aligned too, then the remaining bytes.

    .option norelax

#include <core/exception_fixup.inc>
#include "sstatus.inc"

    .equ WORD, 8

// `insn`, with a fixup to `fault` when `user` says it touches user memory.
    .macro user_side user, fault, insn:vararg
    .if \user
9:  \insn
    exception_fixup 9b, \fault
    .else
    \insn
    .endif
    .endm

    .macro copy_routine name, user_loads, user_stores
    .globl \name
    .type \name, @function
    .balign 4
\name:
    li t6, SSTATUS_SUM
    csrs sstatus, t6
    xor t0, a0, a1
    andi t0, t0, WORD - 1
    bnez t0, .L\name\()_bytes          // never both aligned: bytes all the way
.L\name\()_align:
    andi t0, a0, WORD - 1
    beqz t0, .L\name\()_words
    beqz a2, .L\name\()_done
    user_side \user_loads, .L\name\()_fault, lbu t1, 0(a1)
    user_side \user_stores, .L\name\()_fault, sb t1, 0(a0)
    addi a0, a0, 1
    addi a1, a1, 1
    addi a2, a2, -1
    j .L\name\()_align
.L\name\()_words:
    li t2, WORD
.L\name\()_word_loop:
    bltu a2, t2, .L\name\()_bytes
    user_side \user_loads, .L\name\()_fault, ld t1, 0(a1)
    user_side \user_stores, .L\name\()_fault, sd t1, 0(a0)
    addi a0, a0, WORD
    addi a1, a1, WORD
    addi a2, a2, -WORD
    j .L\name\()_word_loop
.L\name\()_bytes:
    beqz a2, .L\name\()_done
    user_side \user_loads, .L\name\()_fault, lbu t1, 0(a1)
    user_side \user_stores, .L\name\()_fault, sb t1, 0(a0)
    addi a0, a0, 1
    addi a1, a1, 1
    addi a2, a2, -1
    j .L\name\()_bytes
.L\name\()_done:
    csrc sstatus, t6
    li a0, 1
    ret
.L\name\()_fault:
    // The registers are those of the fault; the trap exit gave back the SUM it had then.
    li t6, SSTATUS_SUM
    csrc sstatus, t6
    li a0, 0
    ret
    .size \name, . - \name
    .endm

    .text

// bool riscv64_copy_from_user(void* to /* a0 */, uintptr_t user /* a1 */, size_t size /* a2 */)
    copy_routine riscv64_copy_from_user, 1, 0

// bool riscv64_copy_to_user(uintptr_t user /* a0 */, const void* from /* a1 */, size_t size /* a2 */)
    copy_routine riscv64_copy_to_user, 0, 1
