#pragma once
// Ticket spinlocks. A lock is taken with interrupts masked on this CPU (SpinLockGuard saves and
// restores the interrupt state), so an interrupt handler can never spin on a lock its own CPU
// holds. Fair: CPUs get the lock in the order they asked.

#include <arch/interrupts.h>
#include <core/thread_safety.h>
#include <lib/atomic.h>

namespace mica {

class CAPABILITY("spinlock") SpinLock {
public:
    constexpr SpinLock() = default;
    SpinLock(const SpinLock&) = delete;
    SpinLock& operator=(const SpinLock&) = delete;

    // Raw acquire/release: the caller has masked interrupts. Prefer SpinLockGuard.
    void acquire() ACQUIRE();
    void release() RELEASE();
    bool try_acquire() TRY_ACQUIRE(true);
    bool is_locked() const;

private:
    Atomic<uint32_t> m_next_ticket{0};
    Atomic<uint32_t> m_now_serving{0};
};

class SCOPED_CAPABILITY SpinLockGuard {
public:
    explicit SpinLockGuard(SpinLock& lock) ACQUIRE(lock)
        : m_lock(lock), m_interrupts(arch::Interrupts::disable()) {
        m_lock.acquire();
    }
    ~SpinLockGuard() RELEASE() {
        m_lock.release();
        arch::Interrupts::restore(m_interrupts);
    }
    SpinLockGuard(const SpinLockGuard&) = delete;
    SpinLockGuard& operator=(const SpinLockGuard&) = delete;

private:
    SpinLock& m_lock;
    arch::Interrupts::State m_interrupts;
};

} // namespace mica
