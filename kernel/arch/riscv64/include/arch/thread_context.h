#pragma once
// A kernel thread's switchable state: what the calling convention says a callee keeps (ra, sp,
// s0..s11). Everything else is dead across the call to switch_to(). No FP state: the kernel is
// built without floating point and sstatus.FS stays Off. tp is per hart, not per thread.

#include <lib/types.h>

extern "C" void riscv64_context_switch(void* from, const void* to);
extern "C" void riscv64_thread_start();

namespace mica::arch {

struct ThreadContext {
    uint64_t ra = 0;
    uint64_t sp = 0;
    uint64_t s[12] = {}; // s0 (the frame pointer) .. s11

    // context_switch.S: saves into `from`, loads `to`, returns into `to`'s ra.
    static void switch_to(ThreadContext& from, ThreadContext& to) {
        riscv64_context_switch(&from, &to);
    }

    // The first switch to `to` "returns" into riscv64_thread_start with s1 = entry and
    // s2 = argument; s0 = 0 makes the entry's frame record end every backtrace.
    static void prepare(ThreadContext& to, uintptr_t stack_top, void (*entry)(void*),
                        void* argument) {
        to = ThreadContext{};
        to.ra = reinterpret_cast<uint64_t>(&riscv64_thread_start);
        to.sp = stack_top & ~uintptr_t{15};
        to.s[1] = reinterpret_cast<uint64_t>(entry);
        to.s[2] = reinterpret_cast<uint64_t>(argument);
    }
};

// context_switch.S's offsets.
static_assert(__builtin_offsetof(ThreadContext, ra) == 0);
static_assert(__builtin_offsetof(ThreadContext, sp) == 8);
static_assert(__builtin_offsetof(ThreadContext, s) == 16);
static_assert(sizeof(ThreadContext) == 112);

} // namespace mica::arch
