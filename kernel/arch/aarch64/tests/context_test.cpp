// ThreadContext without the scheduler: a prepared context starts in its entry with its argument,
// interrupts masked, on its own stack, with a frame chain that ends; switching back resumes the
// caller exactly where it left.

#include <arch/cpu.h>
#include <arch/interrupts.h>
#include <arch/thread_context.h>
#include <core/ktest.h>

using namespace mica;

namespace {

struct Trip {
    arch::ThreadContext caller;
    arch::ThreadContext thread;
    void* argument_seen = nullptr;
    bool interrupts_masked = false;
    uintptr_t stack_pointer = 0;
    uintptr_t outer_frame_pointer = 1;
    int visits = 0;
};

alignas(16) uint8_t g_stack[8192];

void thread_entry(void* argument) {
    auto* trip = static_cast<Trip*>(argument);
    for (;;) {
        trip->argument_seen = argument;
        trip->interrupts_masked = !arch::Interrupts::are_enabled();
        trip->stack_pointer = reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
        // This function's frame record holds the caller's x29: the thread start's, which is 0.
        trip->outer_frame_pointer = *reinterpret_cast<uintptr_t*>(__builtin_frame_address(0));
        ++trip->visits;
        arch::ThreadContext::switch_to(trip->thread, trip->caller);
    }
}

} // namespace

KTEST(aarch64_context, prepared_thread_runs_and_switches_back) {
    Trip trip;
    uintptr_t top = reinterpret_cast<uintptr_t>(g_stack + sizeof g_stack);
    arch::ThreadContext::prepare(trip.thread, top, thread_entry, &trip);
    arch::Interrupts::State state = arch::Interrupts::disable();
    volatile uint64_t callee_saved_canary = 0x5eed;
    arch::ThreadContext::switch_to(trip.caller, trip.thread);
    arch::ThreadContext::switch_to(trip.caller, trip.thread); // resumes inside the loop
    arch::Interrupts::restore(state);
    KEXPECT_EQ(trip.visits, 2);
    KEXPECT(trip.argument_seen == &trip);
    KEXPECT(trip.interrupts_masked);
    KEXPECT(trip.stack_pointer < top && trip.stack_pointer >= top - sizeof g_stack);
    KEXPECT_EQ(trip.outer_frame_pointer, 0u);
    KEXPECT_EQ(callee_saved_canary, 0x5eedu);
}

KTEST(aarch64_context, interrupt_state_round_trips) {
    arch::Interrupts::State outer = arch::Interrupts::disable();
    KEXPECT(!arch::Interrupts::are_enabled());
    arch::Interrupts::State inner = arch::Interrupts::disable();
    arch::Interrupts::restore(inner);
    KEXPECT(!arch::Interrupts::are_enabled()); // restore of a masked state keeps it masked
    arch::Interrupts::restore(outer);
}
