/* User-mode test programs for the generic KTESTs: position-independent blobs, each between
 * mica_user_test_<name> and mica_user_test_<name>_end, that a test copies to a read+execute user
 * page at kUserSpaceBase and runs as a process with a separate writable stack page, the first
 * argument in rdi. They reference nothing outside their own bytes (rip-relative data only), and
 * sit in read-only data: the kernel never runs them. Syscalls follow abi/mica.abi: number in rax,
 * arguments in rdi, rsi, rdx, r10, r8, r9, status back in rax; rcx and r11 are clobbered. */

#include "user_test_abi.h"

#include <arch/x86_64/boot/boot_layout.h>

/* The first page of the kernel image, mapped read+execute for the kernel only (kKernelImageBase
 * itself maps nothing on x86_64: the image is loaded at 2 MiB), and the start of the direct map
 * (kDirectMapBase). */
#define KERNEL_IMAGE_ADDRESS (KERNEL_VMA + KERNEL_LOAD_PHYS)
#define KERNEL_DIRECT_MAP_ADDRESS 0xffffffc000000000

/* fxsave64's area and where it keeps each register (Intel SDM Vol. 1, Table 10-2). */
#define FXSAVE_SIZE 512
#define FX_CONTROL_AND_STATUS 0 /* FCW, FSW: 2 bytes each */
#define FX_TAG 4                /* abridged tag word, 1 byte */
#define FX_MXCSR 24
#define FX_ST0 32               /* 8 slots of 16 bytes, 10 of them the register */
#define FX_XMM0 160             /* 16 registers of 16 bytes */

#define FPU_ITERATIONS 2000

.macro user_program name
    .balign 16
    .global mica_user_test_\name
    .type mica_user_test_\name, @object
mica_user_test_\name:
.endm

.macro user_program_end name
    .global mica_user_test_\name\()_end
mica_user_test_\name\()_end:
    .size mica_user_test_\name, mica_user_test_\name\()_end - mica_user_test_\name
.endm

    .section .rodata.mica_user_test_programs, "a"

/* hello: debug_write("hello from user mode\n"), then process_exit(42). */
user_program hello
    lea .Lhello_text(%rip), %rdi
    mov $(.Lhello_text_end - .Lhello_text), %esi
    mov $SYS_DEBUG_WRITE, %eax
    syscall
    mov $42, %edi
    mov $SYS_PROCESS_EXIT, %eax
    syscall
    ud2 /* process_exit does not return */
.Lhello_text:
    .ascii "hello from user mode\n"
.Lhello_text_end:
user_program_end hello

/* fault: a load from the kernel image (a present supervisor page, so a protection fault) must kill
 * the process; exit 1 if not. */
user_program fault
    movabs $KERNEL_IMAGE_ADDRESS, %rax
    mov (%rax), %rax
    mov $1, %edi
    mov $SYS_PROCESS_EXIT, %eax
    syscall
    ud2
user_program_end fault

/* illegal: an undefined instruction must kill the process; exit 1 if not. */
user_program illegal
    ud2
    mov $1, %edi
    mov $SYS_PROCESS_EXIT, %eax
    syscall
user_program_end illegal

/* bad_pointer: debug_write from a kernel address must fail (bad_address), and the status it
 * returned becomes the exit code. */
user_program bad_pointer
    movabs $KERNEL_DIRECT_MAP_ADDRESS, %rdi
    mov $8, %esi
    mov $SYS_DEBUG_WRITE, %eax
    syscall
    mov %rax, %rdi
    mov $SYS_PROCESS_EXIT, %eax
    syscall
    ud2
user_program_end bad_pointer

/* fpu: every x87 and SSE register, the x87 control word and MXCSR get values derived from the
 * argument (r12); a reference fxsave64 records them. Then FPU_ITERATIONS times: thread_yield, a
 * second fxsave64, and a comparison of every register field with the reference. Exit 0 when all
 * held, 1 at the first difference. The two save areas are on the stack: rsp and rsp + 512. */
user_program fpu
    mov %rdi, %r12
    and $-16, %rsp
    sub $(2 * FXSAVE_SIZE), %rsp

    /* x87 control word: the default with rounding control (bits 10-11) = argument & 3. */
    mov %r12d, %eax
    and $3, %eax
    shl $10, %eax
    or $0x037f, %eax
    mov %ax, (%rsp)
    fninit
    fldcw (%rsp)
    /* Eight integers (argument << 8 | i), filling st7..st0. */
    xor %ecx, %ecx
.Lfpu_load_x87:
    mov %r12, %rax
    shl $8, %rax
    or %rcx, %rax
    mov %rax, (%rsp)
    fildq (%rsp)
    inc %ecx
    cmp $8, %ecx
    jne .Lfpu_load_x87
    /* MXCSR: the default with rounding control (bits 13-14) = argument & 3. */
    mov %r12d, %eax
    and $3, %eax
    shl $13, %eax
    or $0x1f80, %eax
    mov %eax, (%rsp)
    ldmxcsr (%rsp)
    /* xmm i: the quadwords (argument << 8 | 0x10 + i) and its complement. */
    .irp i, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
    mov %r12, %rax
    shl $8, %rax
    or $(0x10 + \i), %rax
    mov %rax, (%rsp)
    not %rax
    mov %rax, 8(%rsp)
    movdqu (%rsp), %xmm\i
    .endr
    fxsave64 (%rsp)

    mov $FPU_ITERATIONS, %ebx
.Lfpu_loop:
    mov $SYS_THREAD_YIELD, %eax
    syscall
    fxsave64 FXSAVE_SIZE(%rsp)
    /* Control and status words, tag word, MXCSR. */
    mov FX_CONTROL_AND_STATUS(%rsp), %eax
    cmp (FXSAVE_SIZE + FX_CONTROL_AND_STATUS)(%rsp), %eax
    jne .Lfpu_differs
    movzbl FX_TAG(%rsp), %eax
    cmpb (FXSAVE_SIZE + FX_TAG)(%rsp), %al
    jne .Lfpu_differs
    mov FX_MXCSR(%rsp), %eax
    cmp (FXSAVE_SIZE + FX_MXCSR)(%rsp), %eax
    jne .Lfpu_differs
    /* st0..st7: the 10 bytes of each slot. */
    lea FX_ST0(%rsp), %rsi
    lea (FXSAVE_SIZE + FX_ST0)(%rsp), %rdi
    mov $8, %ecx
.Lfpu_compare_x87:
    mov (%rsi), %rax
    cmp (%rdi), %rax
    jne .Lfpu_differs
    movzwl 8(%rsi), %eax
    cmpw 8(%rdi), %ax
    jne .Lfpu_differs
    add $16, %rsi
    add $16, %rdi
    dec %ecx
    jnz .Lfpu_compare_x87
    /* xmm0..xmm15: all 256 bytes, as 32 quadwords. */
    lea FX_XMM0(%rsp), %rsi
    lea (FXSAVE_SIZE + FX_XMM0)(%rsp), %rdi
    mov $32, %ecx
.Lfpu_compare_xmm:
    mov (%rsi), %rax
    cmp (%rdi), %rax
    jne .Lfpu_differs
    add $8, %rsi
    add $8, %rdi
    dec %ecx
    jnz .Lfpu_compare_xmm

    dec %ebx
    jnz .Lfpu_loop
    xor %edi, %edi
    jmp .Lfpu_exit
.Lfpu_differs:
    mov $1, %edi
.Lfpu_exit:
    mov $SYS_PROCESS_EXIT, %eax
    syscall
    ud2
user_program_end fpu
