#pragma once
// A sleeping mutex for thread context: a thread that finds it taken blocks instead of spinning.
// It has an owner, and taking it twice from the same thread is a bug (ASSERT), not recursion.
// Not for interrupt handlers (they cannot block): use a SpinLock there.
//
// A contender first watches the owner word briefly (the owner is likely running elsewhere and
// about to unlock), then sleeps. Unlocking wakes one waiter, which then competes for the mutex
// again (a running thread may take it first; the loser waits again). That keeps a hot mutex from
// switching threads at every unlock, at the cost of strict FIFO fairness.

#include <core/thread_safety.h>
#include <lib/atomic.h>
#include <sched/thread_types.h>
#include <sched/wait_queue.h>

namespace mica::sched {

class CAPABILITY("mutex") Mutex {
public:
    Mutex() = default;
    Mutex(const Mutex&) = delete;
    Mutex& operator=(const Mutex&) = delete;

    void lock() ACQUIRE() { (void)lock_until(kNoDeadline); }
    // False when `timeout_ns` passed first (kNoTimeout: never; 0: only tries).
    bool try_lock_for(uint64_t timeout_ns) TRY_ACQUIRE(true);
    bool try_lock() TRY_ACQUIRE(true);
    void unlock() RELEASE();

    bool is_held_by_current_thread() const;
    Thread* owner() const { return m_owner.load(MemoryOrder::Relaxed); }

private:
    static constexpr unsigned kSpinBeforeSleeping = 200;

    bool lock_until(uint64_t deadline_ns) NO_THREAD_SAFETY_ANALYSIS;

    Atomic<Thread*> m_owner{nullptr};
    // Threads inside the slow path; counted before their last try so unlock() cannot miss them.
    Atomic<uint32_t> m_contenders{0};
    WaitQueue m_waiters;
};

class SCOPED_CAPABILITY MutexGuard {
public:
    explicit MutexGuard(Mutex& mutex) ACQUIRE(mutex) : m_mutex(mutex) { m_mutex.lock(); }
    ~MutexGuard() RELEASE() { m_mutex.unlock(); }
    MutexGuard(const MutexGuard&) = delete;
    MutexGuard& operator=(const MutexGuard&) = delete;

private:
    Mutex& m_mutex;
};

} // namespace mica::sched
