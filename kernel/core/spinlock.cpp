#include <arch/cpu.h>
#include <core/spinlock.h>

namespace mica {

void SpinLock::wait_for(uint32_t ticket) {
    while (m_now_serving.load(MemoryOrder::Acquire) != ticket)
        arch::Cpu::relax();
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
