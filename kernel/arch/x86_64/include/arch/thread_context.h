#pragma once
// A kernel thread's saved state between switches: the callee-saved registers of the SysV ABI,
// the stack pointer and where to resume. Everything else is dead across the call to switch_to()
// or was saved on the thread's own stack by its caller (an interrupted thread's TrapFrame lies on
// its stack too). No FP/SIMD or x87 state: the kernel is built without it (arch.cmake). RFLAGS is
// not saved either: switches happen with interrupts masked, and a new thread starts masked.

#include <lib/types.h>

namespace mica::arch {

struct ThreadContext {
    uint64_t rsp = 0;
    uint64_t rbx = 0;
    uint64_t rbp = 0;
    uint64_t r12 = 0;
    uint64_t r13 = 0;
    uint64_t r14 = 0;
    uint64_t r15 = 0;
    uint64_t rip = 0;

    static void switch_to(ThreadContext& from, ThreadContext& to);
    static void prepare(ThreadContext& to, uintptr_t stack_top, void (*entry)(void*),
                        void* argument);
};

// sched/thread_context.S depends on this layout.
static_assert(__builtin_offsetof(ThreadContext, rsp) == 0);
static_assert(__builtin_offsetof(ThreadContext, r15) == 48);
static_assert(__builtin_offsetof(ThreadContext, rip) == 56);

} // namespace mica::arch
