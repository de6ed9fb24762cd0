#include <sched/event.h>
#include <sched/internal.h>

namespace mica::sched {

void Event::signal() {
    {
        SpinLockGuard guard(m_waiters.lock());
        if (m_mode == EventMode::AutoReset) {
            // Handed straight to one waiter: dequeued means Woken, so it cannot be lost to a
            // timeout racing with us.
            if (!m_waiters.wake_one_locked())
                m_signaled = true;
        } else {
            m_signaled = true;
            m_waiters.wake_all_locked();
        }
    }
    detail::preempt_point();
}

void Event::reset() {
    SpinLockGuard guard(m_waiters.lock());
    m_signaled = false;
}

bool Event::is_signaled() {
    SpinLockGuard guard(m_waiters.lock());
    return m_signaled;
}

WakeResult Event::wait(uint64_t timeout_ns) {
    uint64_t deadline = deadline_after(timeout_ns);
    SpinLockGuard guard(m_waiters.lock());
    if (m_signaled) {
        if (m_mode == EventMode::AutoReset)
            m_signaled = false;
        return WakeResult::Woken;
    }
    return m_waiters.wait_until_locked(deadline);
}

} // namespace mica::sched
