#include <arch/cpu.h>
#include <core/cpu_local.h>
#include <core/panic.h>
#include <sched/mutex.h>
#include <sched/scheduler.h>

namespace mica::sched {

bool Mutex::try_lock() {
    Thread* self = current_thread();
    ASSERT(m_owner.load(MemoryOrder::Relaxed) != self); // no recursion
    Thread* expected = nullptr;
    return m_owner.compare_exchange(expected, self, MemoryOrder::Acquire);
}

bool Mutex::try_lock_for(uint64_t timeout_ns) { return lock_until(deadline_after(timeout_ns)); }

bool Mutex::lock_until(uint64_t deadline_ns) {
    Thread* self = current_thread();
    ASSERT(m_owner.load(MemoryOrder::Relaxed) != self); // no recursion
    Thread* expected = nullptr;
    if (m_owner.compare_exchange(expected, self, MemoryOrder::Acquire))
        return true;

    // Critical sections are usually short and the owner usually runs on another CPU: watching
    // the owner word for a moment is much cheaper than sleeping, and keeps the wait queue's lock
    // (the one place every contender meets) out of the common case. Pointless on one CPU.
    if (cpu_count() > 1) {
        for (unsigned spin = 0; spin < kSpinBeforeSleeping; ++spin) {
            if (m_owner.load(MemoryOrder::Relaxed) == nullptr) {
                expected = nullptr;
                if (m_owner.compare_exchange(expected, self, MemoryOrder::Acquire))
                    return true;
            }
            arch::Cpu::relax();
        }
    }

    SpinLockGuard guard(m_waiters.lock());
    // Counted before the next try, both sequentially consistent against unlock()'s store of
    // null and load of the count: either that try sees the mutex free, or unlock() sees us and
    // wakes the queue, which it can only do after we are on it (we hold its lock until then).
    m_contenders.fetch_add(1);
    bool acquired = false;
    for (;;) {
        expected = nullptr;
        if (m_owner.compare_exchange(expected, self)) {
            acquired = true;
            break;
        }
        if (m_waiters.wait_until_locked(deadline_ns) == WakeResult::TimedOut) {
            expected = nullptr;
            acquired = m_owner.compare_exchange(expected, self);
            break;
        }
    }
    m_contenders.fetch_sub(1);
    return acquired;
}

void Mutex::unlock() {
    ASSERT(m_owner.load(MemoryOrder::Relaxed) == current_thread());
    m_owner.store(nullptr);
    if (m_contenders.load() != 0)
        m_waiters.wake_one();
}

bool Mutex::is_held_by_current_thread() const {
    return m_owner.load(MemoryOrder::Relaxed) == current_thread();
}

} // namespace mica::sched
