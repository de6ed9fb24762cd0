// Kernel thread switch (include/arch/thread_context.h): a call like any other, so only what the
// callee must preserve is saved: ra, sp and s0..s11. The ThreadContext layout is
// {ra, sp, s0..s11}, 8 bytes each.

    .option norelax

    .text

// void riscv64_context_switch(ThreadContext* from /* a0 */, const ThreadContext* to /* a1 */)
    .globl riscv64_context_switch
    .type riscv64_context_switch, @function
    .balign 4
riscv64_context_switch:
    sd ra, 0(a0)
    sd sp, 8(a0)
    .irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
    sd s\n, (16 + \n * 8)(a0)
    .endr
    ld ra, 0(a1)
    ld sp, 8(a1)
    .irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
    ld s\n, (16 + \n * 8)(a1)
    .endr
    ret
    .size riscv64_context_switch, . - riscv64_context_switch

// Where a prepared thread first "returns" to: s1 = entry, s2 = argument, s0 = 0 (ThreadContext::
// prepare). Interrupts are masked whatever the switching thread had, as the contract promises.
    .globl riscv64_thread_start
    .type riscv64_thread_start, @function
    .balign 4
riscv64_thread_start:
    csrci sstatus, 2                   // SIE
    mv a0, s2
    jalr s1
    call riscv64_thread_returned       // panics: a thread entry must not return
1:  j 1b
    .size riscv64_thread_start, . - riscv64_thread_start
