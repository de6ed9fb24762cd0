// ThreadContext on x86_64: a prepared thread starts in entry(argument) with interrupts masked,
// an aligned stack and a frame-record chain that ends at once; switching back resumes the
// caller with its callee-saved registers intact.

#include <arch/cpu.h>
#include <arch/interrupts.h>
#include <arch/thread_context.h>
#include <core/ktest.h>

using namespace mica;
using namespace mica::arch;

namespace {

struct Observed {
    void* argument = nullptr;
    bool interrupts_masked = false;
    uintptr_t stack_alignment = 1;
    uintptr_t previous_frame = 1;
    int entries = 0;
};

ThreadContext g_main;
ThreadContext g_thread;
Observed g_observed;
alignas(16) uint8_t g_stack[8192];

[[gnu::noinline]] void thread_entry(void* argument) {
    for (;;) {
        Observed& seen = *static_cast<Observed*>(argument);
        seen.argument = argument;
        seen.interrupts_masked = !Interrupts::are_enabled();
        uintptr_t frame = Cpu::current_frame_pointer();
        seen.previous_frame = *reinterpret_cast<uintptr_t*>(frame);
        // At entry rsp was 8 mod 16; after `push rbp` the frame pointer is 16-byte aligned.
        seen.stack_alignment = frame & 15;
        ++seen.entries;
        ThreadContext::switch_to(g_thread, g_main);
    }
}

} // namespace

KTEST(x86_64_thread_context, new_thread_starts_in_entry_and_switches_back) {
    g_observed = {};
    ThreadContext::prepare(g_thread, reinterpret_cast<uintptr_t>(g_stack + sizeof g_stack) - 8,
                           thread_entry, &g_observed);
    Interrupts::State state = Interrupts::disable();
    // Values in callee-saved registers must survive the round trip.
    uint64_t r12_after = 0, r15_after = 0;
    void* from = &g_main;
    void* to = &g_thread;
    auto* function = &ThreadContext::switch_to;
    asm volatile("mov $0x1212, %%r12\n"
                 "mov $0x1515, %%r15\n"
                 "call *%%rax\n"
                 "mov %%r12, %0\n"
                 "mov %%r15, %1\n"
                 : "=m"(r12_after), "=m"(r15_after), "+D"(from), "+S"(to), "+a"(function)
                 :
                 : "rcx", "rdx", "r8", "r9", "r10", "r11", "r12", "r15", "memory");
    KEXPECT_EQ(g_observed.entries, 1);
    KEXPECT_EQ(g_observed.argument, static_cast<void*>(&g_observed));
    KEXPECT(g_observed.interrupts_masked);
    KEXPECT_EQ(g_observed.previous_frame, uintptr_t{0});
    KEXPECT_EQ(g_observed.stack_alignment, uintptr_t{0});
    KEXPECT_EQ(r12_after, uint64_t{0x1212});
    KEXPECT_EQ(r15_after, uint64_t{0x1515});

    // Resuming the thread continues its loop, not a fresh start.
    ThreadContext::switch_to(g_main, g_thread);
    KEXPECT_EQ(g_observed.entries, 2);
    Interrupts::restore(state);
}
