#pragma once
// What the scheduler's own files share and nothing else may call. All of it runs with
// interrupts masked.

#include <arch/cpu_local.h>
#include <sched/scheduler.h>

namespace mica::sched::detail {

// This CPU's CpuLocal, inline: the scheduler's paths run with interrupts masked, so the thread
// cannot move between reading the per-CPU register and using what it points to.
inline CpuLocal& here() { return *arch::CpuLocalAccess::current(); }

// The current thread leaves the CPU at the next schedule(): marks it `state` (Blocked or
// Sleeping) and, unless `deadline_ns` is kNoDeadline, queues its timeout on this CPU. The caller
// may hold a wait-queue lock (lock order: wait queue, then run queue).
void prepare_to_block(ThreadState state, uint64_t deadline_ns);

// Removes the current thread's timeout from whatever timer queue still holds it. Inline: most
// waits have no timeout.
void cancel_armed_timer(Thread* self);
inline void cancel_timer(Thread* self) {
    if (self->timer_armed)
        cancel_armed_timer(self);
}

// Picks the next thread on this CPU and switches to it (or keeps the current one). The current
// thread is put back on the run queue if it is still Running. Takes this CPU's lock; the thread
// switched to releases it in finish_switch().
void schedule();

// The current thread, which has just blocked (Blocked, on a wait queue), hands this CPU straight
// to `next`, which it has just taken off a wait queue (woken) itself: the IPC direct switch. When
// `next` is blocked on this CPU and nothing of higher priority is runnable here, it runs at once:
// no run-queue insertion, no new time slice (the caller's is donated), no timer re-arm. Otherwise
// (another CPU's thread, the current thread woken meanwhile, a higher priority waiting) it is
// woken as usual and schedule() decides. Either way `next` is awake afterwards.
void schedule_to(Thread* next);

// prepare_to_block(Blocked, deadline_ns) and schedule_to(next) under one acquisition of this
// CPU's lock, for a thread that has just queued itself on a wait queue whose lock (`queue_lock`)
// it holds: when `next` can run at once (schedule_to's conditions), marks the current thread
// blocked, releases `queue_lock` and switches to `next`, returning true once the current thread
// runs again (`queue_lock` not held). Otherwise returns false having changed nothing.
bool block_and_switch_to(Thread* next, uint64_t deadline_ns, SpinLock& queue_lock);

// First thing on the far side of every switch: releases the lock schedule() held across it and
// reaps the thread switched away from if it exited.
void finish_switch();

// Runs a reschedule that a wakeup asked for on this CPU, when the caller is in thread context
// with interrupts enabled; otherwise the next interrupt exit does it.
void preempt_point();

// Frees a thread's stack and record. Its stack must not be in use.
void free_thread(Thread* thread);
// From finish_switch(): an exited thread is off its stack for good.
void reap_exited(Thread* thread);
// Where every new thread starts (arch::ThreadContext::prepare's entry).
void thread_start(void* thread);

} // namespace mica::sched::detail
