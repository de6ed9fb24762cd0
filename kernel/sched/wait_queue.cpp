#include <core/panic.h>
#include <sched/internal.h>

namespace mica::sched {

using namespace detail;

WakeResult WaitQueue::wait_locked(uint64_t timeout_ns) {
    return wait_until_locked(deadline_after(timeout_ns));
}

// Unchecked: block_and_switch_to() releases m_lock only when it switches, which the analysis
// cannot express; both ways end with m_lock released before the thread blocks and held again here.
WakeResult WaitQueue::wait_until_locked(uint64_t deadline_ns,
                                        Thread* handoff) NO_THREAD_SAFETY_ANALYSIS {
    if (deadline_ns != kNoDeadline && now_ns() >= deadline_ns) {
        if (handoff)
            wake_thread(handoff);
        return WakeResult::TimedOut;
    }
    // The caller's SpinLockGuard masked interrupts, so this thread stays on this CPU.
    Thread* self = here().current_thread;
    m_waiters.push_back(self);
    m_waiter_count.fetch_add(1, MemoryOrder::Relaxed);
    // Marked blocked while the queue lock is still held: a waker can only find us blocked.
    if (!handoff || !block_and_switch_to(handoff, deadline_ns, m_lock)) {
        prepare_to_block(ThreadState::Blocked, deadline_ns);
        m_lock.release();
        if (handoff)
            schedule_to(handoff);
        else
            schedule();
    }
    m_lock.acquire();
    cancel_timer(self);
    // Still queued: no waker chose us, so the timeout made us runnable.
    if (m_waiters.contains(self)) {
        m_waiters.remove(self);
        m_waiter_count.fetch_sub(1, MemoryOrder::Relaxed);
        return WakeResult::TimedOut;
    }
    return WakeResult::Woken;
}

Thread* WaitQueue::wake_one_locked() {
    Thread* thread = m_waiters.pop_front();
    if (thread) {
        m_waiter_count.fetch_sub(1, MemoryOrder::Relaxed);
        wake_thread(thread);
    }
    return thread;
}

size_t WaitQueue::wake_all_locked() {
    size_t woken = 0;
    while (wake_one_locked())
        ++woken;
    return woken;
}

bool WaitQueue::wake_one() {
    Thread* woken;
    {
        SpinLockGuard guard(m_lock);
        woken = wake_one_locked();
    }
    preempt_point();
    return woken != nullptr;
}

size_t WaitQueue::wake_all() {
    size_t woken;
    {
        SpinLockGuard guard(m_lock);
        woken = wake_all_locked();
    }
    preempt_point();
    return woken;
}

} // namespace mica::sched
