// Small user programs for the generic user-mode KTESTs: each is position-independent code between
// mica_user_test_<name> and mica_user_test_<name>_end, which the tests copy to a user page at
// kUserSpaceBase and run as a process (a0 = first argument, sp = a separate stack page). They
// live in read-only data: to the kernel they are bytes, never code.
//
// Syscalls follow abi/mica.abi: ecall with the number in a7, arguments in a0..a5, the status
// back in a0 and results in a1..a5 (so a0..a5 do not survive a call).

    .option norelax

#include "../fp_insn.inc"

    .equ SYS_PROCESS_EXIT, 7
    .equ SYS_THREAD_YIELD, 13
    .equ SYS_DEBUG_WRITE, 38

    .equ KERNEL_IMAGE_ADDRESS, 0xffffffff80000000 // kKernelImageBase
    .equ KERNEL_POINTER, 0xffffffc000000000       // the direct map: kernel memory, never user
    .equ FPU_YIELDS, 2000
    .equ FFLAGS_MASK, 0x1f                        // fcsr's accrued exception flags

    .macro syscall number
    li a7, \number
    ecall
    .endm

// process_exit(code) and, should it ever return, an illegal instruction so the test sees a kill
// instead of a hang.
    .macro exit_with code_register
    mv a0, \code_register
    syscall SYS_PROCESS_EXIT
    unimp
    .endm

    .macro program name
    .globl mica_user_test_\name
    .type mica_user_test_\name, @object
    .balign 16
mica_user_test_\name:
    .endm

    .macro end_program name
    .globl mica_user_test_\name\()_end
mica_user_test_\name\()_end:
    .size mica_user_test_\name, mica_user_test_\name\()_end - mica_user_test_\name
    .endm

    .section .rodata.mica_user_tests, "a"

// debug_write("hello from user mode\n") then process_exit(42).
    program hello
    lla a0, .Lhello_text
    lla a1, .Lhello_end
    sub a1, a1, a0                     // the length (a forward label difference is no immediate)
    syscall SYS_DEBUG_WRITE
    li t0, 42
    exit_with t0
.Lhello_text:
    .ascii "hello from user mode\n"
.Lhello_end:
    end_program hello

// A load from the kernel image: a page fault from U-mode (the page is not U), so the process is
// killed; exit code 1 if the load somehow succeeds.
    program fault
    li t0, KERNEL_IMAGE_ADDRESS
    ld t1, 0(t0)
    li t0, 1
    exit_with t0
    end_program fault

// An illegal instruction (c.unimp, 0x0000); exit code 1 if it somehow runs.
    program illegal
    unimp
    li t0, 1
    exit_with t0
    end_program illegal

// debug_write(a kernel pointer, 8) must fail with bad_address (16): exit with whatever it said.
    program bad_pointer
    li a0, KERNEL_POINTER
    li a1, 8
    syscall SYS_DEBUG_WRITE
    mv t0, a0
    exit_with t0
    end_program bad_pointer

// Fills f0..f31 with (argument << 32) + 0x5eed0000 + n and the FP flags with argument & 0x1f,
// then yields 2000 times, checking all of them after each yield: exit 0 when they always held,
// 1 as soon as one did not. Only s registers carry state across the ecalls.
    program fpu
    slli s1, a0, 32
    li t0, 0x5eed0000
    add s1, s1, t0                     // s1 = the value of f0
    andi s2, a0, FFLAGS_MASK           // s2 = fflags
    mv t0, s1
    .irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
    fmv_d_x_n \n, t0
    addi t0, t0, 1
    .endr
    csrw CSR_FFLAGS, s2
    li s3, FPU_YIELDS
.Lfpu_loop:
    syscall SYS_THREAD_YIELD
    mv t0, s1
    .irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
    fmv_x_d_n t1, \n
    bne t1, t0, .Lfpu_failed
    addi t0, t0, 1
    .endr
    csrr t1, CSR_FFLAGS
    bne t1, s2, .Lfpu_failed
    addi s3, s3, -1
    bnez s3, .Lfpu_loop
    exit_with zero
.Lfpu_failed:
    li t0, 1
    exit_with t0
    end_program fpu
