// ThreadContext on its own, without the scheduler: a prepared context starts in its entry with
// the argument, interrupts masked and a frame record chain that ends at once, and switching
// back resumes the caller with its callee-saved registers intact.

#include <arch/cpu.h>
#include <arch/interrupts.h>
#include <arch/thread_context.h>
#include <core/ktest.h>

using namespace mica;
using namespace mica::arch;

namespace {

struct Visit {
    ThreadContext caller;
    ThreadContext thread;
    void* argument_seen = nullptr;
    bool interrupts_were_enabled = true;
    uintptr_t caller_of_entry_frame = 1;
    int switches = 0;
};

Visit g_visit;
alignas(16) uint8_t g_stack[8192];

void thread_entry(void* argument) {
    g_visit.argument_seen = argument;
    g_visit.interrupts_were_enabled = Interrupts::are_enabled();
    // The record below this function's frame pointer holds the previous frame pointer: 0 ends
    // the backtrace right here.
    uintptr_t fp = Cpu::current_frame_pointer();
    g_visit.caller_of_entry_frame = *reinterpret_cast<uintptr_t*>(fp + Cpu::kFrameRecordOffset);
    for (;;) {
        ++g_visit.switches;
        ThreadContext::switch_to(g_visit.thread, g_visit.caller);
    }
}

} // namespace

KTEST(riscv64_context, prepared_thread_starts_in_entry_and_switches_back) {
    Interrupts::State state = Interrupts::disable();
    Interrupts::enable(); // the new thread must mask them itself
    ThreadContext::prepare(g_visit.thread, reinterpret_cast<uintptr_t>(g_stack + sizeof g_stack),
                           thread_entry, &g_visit);
    // The caller's frame survives: the thread ran on its own stack.
    volatile uint64_t canary = 0x1234'5678'9abc'def0;
    ThreadContext::switch_to(g_visit.caller, g_visit.thread);
    bool enabled_after = Interrupts::are_enabled();
    Interrupts::disable();
    ThreadContext::switch_to(g_visit.caller, g_visit.thread);
    Interrupts::restore(state);

    KEXPECT_EQ(g_visit.argument_seen, static_cast<void*>(&g_visit));
    KEXPECT(!g_visit.interrupts_were_enabled);
    KEXPECT_EQ(g_visit.caller_of_entry_frame, uintptr_t{0});
    KEXPECT_EQ(g_visit.switches, 2);
    KEXPECT_EQ(canary, uint64_t{0x1234'5678'9abc'def0});
    // sstatus is per hart, not per thread: the thread masked interrupts, and switching back
    // does not undo that.
    KEXPECT(!enabled_after);
}
