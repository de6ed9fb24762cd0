#include <arch/interrupt_controller.h>
#include <core/interrupt.h>
#include <core/smp.h>
#include <object/interrupt_object.h>

namespace mica {

Result<RefPtr<InterruptObject>> InterruptObject::create(uint32_t line) {
    RefPtr<InterruptObject> object = TRY(make_ref<InterruptObject>(line));
    TRY(irq::register_handler(line, fired, object.get()));
    object->m_registered = true;
    return object;
}

InterruptObject::~InterruptObject() {
    if (!m_registered)
        return;
    (void)irq::unregister_handler(m_line);
    // A handler may still be running on another CPU with this object as its context. Handlers
    // run with interrupts masked, so once every CPU has taken an IPI, none is.
    if (online_cpu_count() > 1)
        smp::call_on_all([](void*) {}, nullptr);
}

// Interrupt context, line just delivered.
void InterruptObject::fired(uint32_t line, void* context) {
    auto* self = static_cast<InterruptObject*>(context);
    arch::InterruptController::disable_line(line);
    RefPtr<Notification> notification;
    uint64_t bits;
    {
        SpinLockGuard guard(self->m_lock);
        self->m_pending = true;
        notification = self->m_notification;
        bits = self->m_bits;
    }
    self->raise_signals(abi::signal_flags::kPending);
    if (notification)
        notification->signal(bits);
}

void InterruptObject::bind(RefPtr<Notification> notification, uint64_t bits) {
    bool pending;
    {
        SpinLockGuard guard(m_lock);
        m_notification = notification;
        m_bits = bits;
        pending = m_pending;
    }
    // An interrupt that fired before the binding is not lost.
    if (pending && notification)
        notification->signal(bits);
}

void InterruptObject::acknowledge() {
    {
        SpinLockGuard guard(m_lock);
        if (!m_pending)
            return;
        m_pending = false;
    }
    clear_signals(abi::signal_flags::kPending);
    (void)arch::InterruptController::enable_line(m_line, 0);
}

} // namespace mica
