#include <core/panic.h>
#include <object/endpoint.h>
#include <object/notification.h>

namespace mica {

Result<RefPtr<Notification>> Notification::create() { return make_ref<Notification>(); }

Notification::~Notification() {
    // A bound endpoint holds a reference, so none is bound any more.
    ASSERT(!m_endpoint);
}

void Notification::signal(uint64_t bits) {
    if (!bits)
        return;
    m_bits.fetch_or(bits, MemoryOrder::AcquireRelease);
    SpinLockGuard guard(m_bind_lock);
    if (m_endpoint)
        m_endpoint->notification_raised(*this);
    // Raised after the endpoint had its chance, and only if the bits are still there.
    if (peek())
        raise_signals(abi::signal_flags::kPending);
}

uint64_t Notification::take() {
    uint64_t bits = m_bits.exchange(0, MemoryOrder::AcquireRelease);
    clear_signals(abi::signal_flags::kPending);
    // Bits raised between the exchange and the clear must keep `pending` up.
    if (peek())
        raise_signals(abi::signal_flags::kPending);
    return bits;
}

} // namespace mica
