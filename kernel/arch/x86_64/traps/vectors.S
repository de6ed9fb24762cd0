/* Entry stubs for all 256 vectors: the 32 exceptions, then external interrupts and IPIs. Each
 * pushes a zero where the CPU pushes no error code and then its vector number, so every trap
 * reaches trap_common with the same layout: the stack then holds include/arch/trap_frame.h's
 * TrapFrame, lowest field first.
 *
 * From the kernel (CPL 0) no IST vector switches stacks, so the frame is on the interrupted
 * thread's own stack, and a thread switch inside the handler (interrupt_exit) leaves it there until
 * that thread is resumed and returns through the iretq below. From user mode (CPL 3) the CPU
 * switches to TSS.rsp0, the top of the thread's kernel stack (UserMode::set_kernel_stack), so the
 * frame lands at sched::user_frame(); swapgs then makes gs the kernel's (CpuLocal), and the way
 * back calls mica::before_user_return() (from x86_64_handle_trap) and swaps gs back before iretq.
 *
 * NMI, #DF and #MC run on IST stacks and may arrive where the frame's CPL does not tell which gs
 * base is active (between syscall and its swapgs, or between the exit's swapgs and sysretq), so
 * they decide from IA32_GS_BASE itself (paranoid_trap_common). */

#include "entry_macros.inc"
#include <arch/x86_64/user/entry_layout.h>

/* Vectors for which the CPU pushes an error code (Intel SDM Vol. 3A, 6.15). */
#define HAS_ERROR_CODE(v) \
    ((v) == 8 || (v) == 10 || (v) == 11 || (v) == 12 || (v) == 13 || (v) == 14 || \
     (v) == 17 || (v) == 21 || (v) == 29 || (v) == 30)
/* Vectors on an IST stack (traps/descriptors.cpp stack_for()): NMI, #DF, #MC. */
#define USES_IST(v) ((v) == 2 || (v) == 8 || (v) == 18)

/* Where the CPU's cs sits when the stub jumps to trap_common: above vector, error code, rip. */
#define STUB_CS 24

    .text
    .balign 16
    .global x86_64_trap_stubs_start
x86_64_trap_stubs_start:
.altmacro
.macro trap_stub vector
    .balign 16
trap_stub_\vector:
    .if !HAS_ERROR_CODE(\vector)
    push $0
    .endif
    push $\vector
    .if USES_IST(\vector)
    jmp paranoid_trap_common
    .else
    jmp trap_common
    .endif
.endm

.set vector, 0
.rept 256
    trap_stub %vector
    .set vector, vector + 1
.endr
.noaltmacro

trap_common:
    testb $3, STUB_CS(%rsp)
    jz 1f
    swapgs
1:
    push_general_registers
    clear_user_access
    cld
    /* The CPU aligned rsp to 16 before its pushes, and 22 words keep it aligned. */
    mov %rsp, %rdi
    call x86_64_handle_trap
    testb $3, FRAME_CS(%rsp)
    jnz x86_64_iret_to_user
    pop_general_registers
    add $16, %rsp /* vector and error code */
    iretq

/* Leaves for user mode through the TrapFrame at rsp, which x86_64_prepare_user_return() checked
 * (user selectors, canonical rip and rsp): every register comes from the frame. Interrupts are
 * masked; iretq sets IF from the frame. */
    .global x86_64_iret_to_user
x86_64_iret_to_user:
    pop_general_registers
    add $16, %rsp
    swapgs
    iretq

paranoid_trap_common:
    push_general_registers
    clear_user_access
    cld
    /* Kernel gs bases (CpuLocal) are kernel addresses, with the sign bit set; anything else is the
     * user's. rbx (callee-saved, restored from the frame below) remembers whether we swapped. */
    xor %ebx, %ebx
    mov $MSR_GS_BASE, %ecx
    rdmsr
    test %edx, %edx
    js 1f
    swapgs
    mov $1, %ebx
1:
    mov %rsp, %rdi
    call x86_64_handle_trap
    test %ebx, %ebx
    jz 2f
    swapgs
2:
    pop_general_registers
    add $16, %rsp
    iretq

    /* The stubs' addresses, for the IDT. */
    .section .rodata
    .balign 8
    .global x86_64_trap_stubs
x86_64_trap_stubs:
.altmacro
.macro stub_address vector
    .quad trap_stub_\vector
.endm
.set vector, 0
.rept 256
    stub_address %vector
    .set vector, vector + 1
.endr
