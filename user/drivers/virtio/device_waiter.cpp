#include <abi/user_syscalls.h>
#include <drivers/virtio/device_waiter.h>

namespace mica::virtio {

SysResult<void> DeviceWaiter::init(Transport& transport, abi::Handle interrupt) {
    m_transport = &transport;
    if (interrupt == kInvalidHandle)
        return {};
    abi::Handle notification = kInvalidHandle;
    TRY(check(sys::notification_create(0, &notification), "notification_create"));
    TRY(check(sys::interrupt_bind(interrupt, notification, 1), "interrupt_bind"));
    m_interrupt = interrupt;
    m_notification = notification;
    return {};
}

bool DeviceWaiter::wait(uint64_t deadline) {
    uint64_t now = 0;
    (void)sys::clock_get(0, &now);
    if (now > deadline)
        return false;
    if (!interrupt_driven()) {
        (void)sys::thread_yield();
        return true;
    }
    uint64_t bits = 0;
    if (sys::notification_wait(m_notification, deadline, &bits) == abi::Status::Ok) {
        m_transport->acknowledge_interrupt(); // lowers the line before it is unmasked
        (void)sys::interrupt_ack(m_interrupt);
    }
    return true;
}

} // namespace mica::virtio
