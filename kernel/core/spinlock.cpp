#include <arch/cpu.h>
#include <core/spinlock.h>

namespace mica {

void SpinLock::acquire() {
    uint32_t ticket = m_next_ticket.fetch_add(1, MemoryOrder::Relaxed);
    while (m_now_serving.load(MemoryOrder::Acquire) != ticket)
        arch::Cpu::relax();
}

void SpinLock::release() {
    m_now_serving.store(m_now_serving.load(MemoryOrder::Relaxed) + 1, MemoryOrder::Release);
}

bool SpinLock::try_acquire() {
    uint32_t serving = m_now_serving.load(MemoryOrder::Acquire);
    uint32_t expected = serving;
    return m_next_ticket.compare_exchange(expected, serving + 1, MemoryOrder::Acquire);
}

bool SpinLock::is_locked() const {
    return m_next_ticket.load(MemoryOrder::Relaxed) != m_now_serving.load(MemoryOrder::Relaxed);
}

} // namespace mica
