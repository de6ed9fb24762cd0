/* ThreadContext::switch_to and the first frame of a new thread (include/arch/thread_context.h). */

#define CONTEXT_RSP 0
#define CONTEXT_RBX 8
#define CONTEXT_RBP 16
#define CONTEXT_R12 24
#define CONTEXT_R13 32
#define CONTEXT_R14 40
#define CONTEXT_R15 48
#define CONTEXT_RIP 56

    .text
/* void x86_64_switch_context(ThreadContext* from [rdi], ThreadContext* to [rsi])
 * Saves the caller's callee-saved registers and its resume point (our return address, with rsp
 * as it will be after returning), then resumes `to` where it saved itself (or at
 * x86_64_thread_start for a prepared thread). */
    .global x86_64_switch_context
    .type x86_64_switch_context, @function
x86_64_switch_context:
    mov (%rsp), %rax
    lea 8(%rsp), %rcx
    mov %rcx, CONTEXT_RSP(%rdi)
    mov %rbx, CONTEXT_RBX(%rdi)
    mov %rbp, CONTEXT_RBP(%rdi)
    mov %r12, CONTEXT_R12(%rdi)
    mov %r13, CONTEXT_R13(%rdi)
    mov %r14, CONTEXT_R14(%rdi)
    mov %r15, CONTEXT_R15(%rdi)
    mov %rax, CONTEXT_RIP(%rdi)

    mov CONTEXT_RSP(%rsi), %rsp
    mov CONTEXT_RBX(%rsi), %rbx
    mov CONTEXT_RBP(%rsi), %rbp
    mov CONTEXT_R12(%rsi), %r12
    mov CONTEXT_R13(%rsi), %r13
    mov CONTEXT_R14(%rsi), %r14
    mov CONTEXT_R15(%rsi), %r15
    jmp *CONTEXT_RIP(%rsi)
    .size x86_64_switch_context, . - x86_64_switch_context

/* A prepared thread's first instructions: r12 = entry, r13 = argument, rbp = 0, rsp 16-byte
 * aligned. The call pushes a return address here, so entry's frame record is {0, here}: a
 * backtrace ends cleanly. entry never returns; ud2 stops one that does. */
    .global x86_64_thread_start
    .type x86_64_thread_start, @function
x86_64_thread_start:
    cli
    mov %r13, %rdi
    call *%r12
    ud2
    .size x86_64_thread_start, . - x86_64_thread_start
