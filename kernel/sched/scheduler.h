#pragma once
// The scheduler: one CpuScheduler per CPU (priority run queues, a timer queue, an idle thread),
// preemption from the timer interrupt, work stealing between CPUs, and the hooks the generic
// interrupt and SMP code calls. See README.md for the switch protocol and the lock order.

#include <core/cpu_local.h>
#include <core/spinlock.h>
#include <sched/run_queue.h>
#include <sched/thread.h>
#include <sched/timer_queue.h>

namespace mica::sched {

struct ThreadRunLink {
    static ListLinks<Thread>& links(Thread& thread) { return thread.run_link; }
    static unsigned priority(const Thread& thread) { return thread.priority; }
};

struct ThreadTimerLink {
    static ListLinks<Thread>& links(Thread& thread) { return thread.timer_link; }
    static uint64_t deadline(const Thread& thread) { return thread.timer_deadline; }
};

struct CpuScheduler {
    uint32_t index = 0;
    // Guards the run queue, the timer queue, the state of every thread whose Thread::cpu is this
    // CPU, and this CPU's current_thread. Held across switch_to (README.md: switch protocol).
    SpinLock lock;
    RunQueue<Thread, ThreadRunLink> run_queue GUARDED_BY(lock);
    TimerQueue<Thread, ThreadTimerLink> timers GUARDED_BY(lock);
    Thread* idle = nullptr;
    // The thread switched away from, for the code that runs right after the switch.
    Thread* previous = nullptr;
    CpuLocal* cpu_local = nullptr; // the CpuLocal of this scheduler's CPU
    uint64_t slice_end_ns GUARDED_BY(lock) = 0;
    // What this CPU's timer is armed for (kNoDeadline: nothing). A later deadline than the armed
    // one is not programmed (the early interrupt re-arms: one spare interrupt per slice instead of
    // a timer write on every switch); an earlier one always is.
    uint64_t armed_deadline GUARDED_BY(lock) = kNoDeadline;

    // Racy hints read by other CPUs (placement, stealing); exact under `lock`.
    Atomic<uint32_t> queued{0}; // run_queue.size()
    Atomic<bool> busy{false};   // the current thread is not the idle thread
    Atomic<bool> need_resched{false};

    Atomic<uint64_t> context_switches{0};
    Atomic<uint64_t> steals{0};
};

// Hooks for kernel/core.
// Boot CPU, once, after arch::Timer::init_this_cpu(): the code running kernel_main becomes the
// thread "main" (pinned to CPU 0, detached) and CPU 0 gets its idle thread.
void init_boot_cpu();
// A secondary CPU, from secondary_main(): the code running there becomes its idle thread.
[[noreturn]] void run_secondary(CpuLocal& cpu);
// From handle_timer_interrupt(), interrupts masked: expires timers, ends time slices.
void timer_interrupt();
// From handle_ipi() for smp::kIpiReschedule.
void reschedule_ipi();
// From interrupt_exit(), interrupts masked, on the interrupted thread's stack: switches if a
// reschedule is pending. Only when this_cpu().interrupt_depth is 0, i.e. the interrupt being
// left was taken from thread context, so interrupt_exit() must run after the depth is dropped.
void preempt_if_needed();

// Gives the CPU to another runnable thread of at least the same priority, if any.
void yield();

// The one monotonic clock, in nanoseconds (arch::Clock).
uint64_t now_ns();
// now_ns() + timeout, saturating; kNoTimeout gives kNoDeadline.
uint64_t deadline_after(uint64_t timeout_ns);
void sleep_ns(uint64_t duration_ns);
void sleep_until(uint64_t deadline_ns);

// Makes a Blocked or Sleeping thread runnable; any other state is left alone (its wakeup already
// happened). Used by WaitQueue; takes the thread's CPU lock.
void wake_thread(Thread* thread);

// The CPU's scheduler, or null before that CPU entered the scheduler.
CpuScheduler* scheduler_of(uint32_t cpu_index);

} // namespace mica::sched
