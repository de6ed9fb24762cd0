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

    // Raw acquire/release: the caller has masked interrupts. Prefer SpinLockGuard. Inline: the
    // uncontended case is a few instructions, and every syscall takes several locks.
    void acquire() ACQUIRE() {
        uint32_t ticket = m_next_ticket.fetch_add(1, MemoryOrder::Relaxed);
        if (m_now_serving.load(MemoryOrder::Acquire) != ticket) [[unlikely]]
            wait_for(ticket);
    }
    void release() RELEASE() {
        m_now_serving.store(m_now_serving.load(MemoryOrder::Relaxed) + 1, MemoryOrder::Release);
    }
    bool try_acquire() TRY_ACQUIRE(true);
    bool is_locked() const;

private:
    // Spins until `ticket` is served (the contended case of acquire()).
    void wait_for(uint32_t ticket);

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
