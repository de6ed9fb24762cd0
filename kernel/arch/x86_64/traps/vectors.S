/* Entry stubs for all 256 vectors: the 32 exceptions, then external interrupts and IPIs. Each
 * pushes a zero where the CPU pushes no error code and then its vector number, so every trap
 * reaches trap_common with the same layout: the stack then holds include/arch/trap_frame.h's
 * TrapFrame, lowest field first. Interrupts from the kernel use no IST, so the frame is on the
 * interrupted thread's own stack, and a thread switch inside the handler (interrupt_exit) leaves
 * it there until that thread is resumed and returns through the iretq below. */

/* Vectors for which the CPU pushes an error code (Intel SDM Vol. 3A, 6.15). */
#define HAS_ERROR_CODE(v) \
    ((v) == 8 || (v) == 10 || (v) == 11 || (v) == 12 || (v) == 13 || (v) == 14 || \
     (v) == 17 || (v) == 21 || (v) == 29 || (v) == 30)

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
    jmp trap_common
.endm

.set vector, 0
.rept 256
    trap_stub %vector
    .set vector, vector + 1
.endr

trap_common:
    push %rax
    push %rbx
    push %rcx
    push %rdx
    push %rsi
    push %rdi
    push %rbp
    push %r8
    push %r9
    push %r10
    push %r11
    push %r12
    push %r13
    push %r14
    push %r15
    /* The CPU aligned rsp to 16 before its pushes, and 22 words keep it aligned. */
    mov %rsp, %rdi
    cld
    call x86_64_handle_trap
    pop %r15
    pop %r14
    pop %r13
    pop %r12
    pop %r11
    pop %r10
    pop %r9
    pop %r8
    pop %rbp
    pop %rdi
    pop %rsi
    pop %rdx
    pop %rcx
    pop %rbx
    pop %rax
    add $16, %rsp /* vector and error code */
    iretq

    /* The stubs' addresses, for the IDT. */
    .section .rodata
    .balign 8
    .global x86_64_trap_stubs
x86_64_trap_stubs:
.macro stub_address vector
    .quad trap_stub_\vector
.endm
.set vector, 0
.rept 256
    stub_address %vector
    .set vector, vector + 1
.endr
