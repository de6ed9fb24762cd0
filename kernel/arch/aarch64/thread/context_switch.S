// ThreadContext::switch_to and the first frame of a new thread (include/arch/thread_context.h).

    .section .text.aarch64_context_switch, "ax"

// void aarch64_switch_context(ThreadContext* from, ThreadContext* to)
// Saves the callee-saved registers, x29, x30 and sp in *from, loads *to and returns into it.
    .globl  aarch64_switch_context
    .type   aarch64_switch_context, %function
aarch64_switch_context:
    stp     x19, x20, [x0, #0]
    stp     x21, x22, [x0, #16]
    stp     x23, x24, [x0, #32]
    stp     x25, x26, [x0, #48]
    stp     x27, x28, [x0, #64]
    stp     x29, x30, [x0, #80]
    mov     x2, sp
    str     x2, [x0, #96]

    ldp     x19, x20, [x1, #0]
    ldp     x21, x22, [x1, #16]
    ldp     x23, x24, [x1, #32]
    ldp     x25, x26, [x1, #48]
    ldp     x27, x28, [x1, #64]
    ldp     x29, x30, [x1, #80]
    ldr     x2, [x1, #96]
    mov     sp, x2
    ret
    .size   aarch64_switch_context, . - aarch64_switch_context

// Where a prepared thread first "returns" to: x19 = entry, x20 = argument, x29 = 0, interrupts
// masked by whoever switched here. The entry's frame record then links to x29 = 0, which ends
// every backtrace. Entry never returns; if it did, the BRK makes that loud.
    .globl  aarch64_thread_start
    .type   aarch64_thread_start, %function
aarch64_thread_start:
    msr     daifset, #3
    mov     x0, x20
    blr     x19
    brk     #0x7f
    .size   aarch64_thread_start, . - aarch64_thread_start
