#pragma once
// A kernel thread's saved state between switches (the arch contract's ThreadContext): the
// AAPCS64 callee-saved registers x19..x28, the frame pointer x29, the return address x30 and
// the stack pointer. Caller-saved registers are already on the stack of whoever called
// switch_to(); FP/SIMD is never used by the kernel (-mgeneral-regs-only), so none is saved.

#include <lib/types.h>

namespace mica::arch {

struct ThreadContext {
    uint64_t x19_x28[10] = {};
    uint64_t fp = 0; // x29
    uint64_t lr = 0; // x30: where switch_to() returns in the resumed thread
    uint64_t sp = 0;

    static void switch_to(ThreadContext& from, ThreadContext& to);
    static void prepare(ThreadContext& to, uintptr_t stack_top, void (*entry)(void*),
                        void* argument);
};

// thread/context_switch.S relies on these offsets.
static_assert(__builtin_offsetof(ThreadContext, x19_x28) == 0);
static_assert(__builtin_offsetof(ThreadContext, fp) == 80);
static_assert(__builtin_offsetof(ThreadContext, lr) == 88);
static_assert(__builtin_offsetof(ThreadContext, sp) == 96);

} // namespace mica::arch
