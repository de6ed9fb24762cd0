#pragma once
// A Notification: a word of signal bits. notification_signal ORs bits in and raises `pending`;
// notification_wait takes and clears them. Bound to an endpoint, its bits also reach a thread
// waiting there for calls, so one server thread can serve calls and interrupts alike.

#include <core/spinlock.h>
#include <object/object.h>

namespace mica {

class Endpoint;

class Notification final : public Object {
public:
    static Result<RefPtr<Notification>> create();
    ~Notification() override;

    // Safe from interrupt handlers (interrupt objects signal from there).
    void signal(uint64_t bits);
    // Takes every pending bit (0 if none) and lowers `pending`.
    uint64_t take();
    uint64_t peek() const { return m_bits.load(MemoryOrder::Acquire); }

    // Endpoint::bind's half, under m_bind_lock (the lock order in endpoint.h).
    SpinLock& bind_lock() { return m_bind_lock; }
    Endpoint* bound_endpoint_locked() const { return m_endpoint; }
    void set_bound_endpoint_locked(Endpoint* endpoint) { m_endpoint = endpoint; }

    Notification() : Object(abi::ObjectType::Notification) {}

private:
    Atomic<uint64_t> m_bits{0};
    SpinLock m_bind_lock;
    Endpoint* m_endpoint = nullptr; // not a reference: the endpoint holds one to us
};

} // namespace mica
