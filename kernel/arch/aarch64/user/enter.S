// The first entry into user mode (UserMode::enter in user/user_mode.cpp).

    .text

// [[noreturn]] void aarch64_enter_user(TrapFrame* frame)
// `frame` is the thread's user frame at the very top of its kernel stack. Everything below it on
// that stack (the C++ that called us) is abandoned: the trap return path restores every register
// from the frame and erets with SP_EL1 at the stack top, where the next trap from EL0 saves.
// Interrupts are masked (prepare_user_return) until the eret unmasks them from SPSR.
    .globl  aarch64_enter_user
    .type   aarch64_enter_user, %function
aarch64_enter_user:
    mov     sp, x0
    b       aarch64_return_through_frame
    .size   aarch64_enter_user, . - aarch64_enter_user
