#pragma once
// What the scheduler's own files share and nothing else may call. All of it runs with
// interrupts masked.

#include <sched/scheduler.h>

namespace mica::sched::detail {

// The current thread leaves the CPU at the next schedule(): marks it `state` (Blocked or
// Sleeping) and, unless `deadline_ns` is kNoDeadline, queues its timeout on this CPU. The caller
// may hold a wait-queue lock (lock order: wait queue, then run queue).
void prepare_to_block(ThreadState state, uint64_t deadline_ns);

// Removes the current thread's timeout from whatever timer queue still holds it.
void cancel_timer(Thread* self);

// Picks the next thread on this CPU and switches to it (or keeps the current one). The current
// thread is put back on the run queue if it is still Running. Takes this CPU's lock; the thread
// switched to releases it in finish_switch().
void schedule();

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
