#pragma once
// WaitQueue: threads blocked until another thread (or an interrupt handler) wakes them, or until
// their timeout passes. The primitive under Mutex, Event and join().
//
// The lost-wakeup race is closed by the queue's own lock: a waiter checks its condition and
// queues itself while holding lock(), and wait_locked() gives the lock up only once the thread
// is on the queue and marked blocked. A waker changes the condition and wakes under the same
// lock, so it either sees the waiter queued or the waiter sees the new condition.
//
//   SpinLockGuard guard(queue.lock());
//   while (!condition)
//       if (queue.wait_locked(timeout) == WakeResult::TimedOut) ...
//
// Whether a wait was woken or timed out is decided by one fact: a waker removes the thread from
// the queue (Woken); a thread that finds itself still queued when it runs again removes itself
// (TimedOut). A wakeup that races with the timeout is therefore never lost: whoever is dequeued
// received it.

#include <core/spinlock.h>
#include <sched/list.h>
#include <sched/thread_types.h>

namespace mica::sched {

struct Thread;

struct ThreadWaitLink {
    static ListLinks<Thread>& links(Thread& thread);
};

class WaitQueue {
public:
    // No destructor, so wait queues (and the Mutex and Event built on them) can be globals in a
    // kernel without atexit. Destroying a queue that still has waiters is a bug.
    constexpr WaitQueue() = default;
    WaitQueue(const WaitQueue&) = delete;
    WaitQueue& operator=(const WaitQueue&) = delete;

    // (lock_returned: core/thread_safety.h has no macro for it yet.)
    SpinLock& lock() __attribute__((lock_returned(m_lock))) { return m_lock; }

    // Blocks the current thread until woken or until `timeout_ns` passes (kNoTimeout: never;
    // 0: does not block, TimedOut at once). Called with lock() held (interrupts masked, as
    // SpinLockGuard leaves them); the lock is released while blocked and held again on return.
    WakeResult wait_locked(uint64_t timeout_ns) REQUIRES(m_lock);
    // The same with an absolute deadline on now_ns() (kNoDeadline: never). With `handoff` (a
    // thread the caller took off a wait queue with take_locked()), the CPU goes straight to it
    // when this thread blocks (the IPC direct switch: detail::schedule_to); it is woken in
    // every case, also when this wait ends at once.
    WakeResult wait_until_locked(uint64_t deadline_ns, Thread* handoff = nullptr) REQUIRES(m_lock);

    // Waits until `condition()` holds (checked under lock()), or the timeout passes: TimedOut
    // only when the condition still does not hold.
    template <typename Condition>
    WakeResult wait_for(Condition condition, uint64_t timeout_ns) EXCLUDES(m_lock);

    // Wakes the longest waiter; returns it (null when nobody waits). The thread is not touched
    // otherwise, so a handoff (Mutex) can name it the owner before it runs.
    Thread* wake_one_locked() REQUIRES(m_lock);
    // Removes `thread` from the queue if it waits here, without making it runnable: its wait ends
    // as woken, and the caller must pass it on (wait_until_locked's handoff, or wake_thread()).
    // Inline: the IPC handoff takes its partner with it on every message.
    bool take_locked(Thread* thread) REQUIRES(m_lock) {
        if (!m_waiters.contains(thread))
            return false;
        m_waiters.remove(thread);
        m_waiter_count.fetch_sub(1, MemoryOrder::Relaxed);
        return true;
    }
    size_t wake_all_locked() REQUIRES(m_lock);
    bool wake_one() EXCLUDES(m_lock);
    size_t wake_all() EXCLUDES(m_lock);

    bool has_waiters() const { return m_waiter_count.load(MemoryOrder::Relaxed) != 0; }

private:
    SpinLock m_lock;
    IntrusiveList<Thread, ThreadWaitLink> m_waiters GUARDED_BY(m_lock);
    Atomic<size_t> m_waiter_count{0}; // m_waiters.size(), for lock-free peeks
};

uint64_t deadline_after(uint64_t timeout_ns); // scheduler.cpp

template <typename Condition>
WakeResult WaitQueue::wait_for(Condition condition, uint64_t timeout_ns) {
    uint64_t deadline = deadline_after(timeout_ns);
    SpinLockGuard guard(m_lock);
    while (!condition()) {
        if (wait_until_locked(deadline) == WakeResult::TimedOut)
            return condition() ? WakeResult::Woken : WakeResult::TimedOut;
    }
    return WakeResult::Woken;
}

} // namespace mica::sched
