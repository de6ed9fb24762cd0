#pragma once
// An Interrupt: one device line owned by user space. When it fires, the kernel masks the line,
// raises `pending` and sets the bound bits on a notification; the driver handles the device
// and acknowledges (interrupt_ack), which unmasks the line. A level-triggered device therefore
// cannot storm the CPU while its driver is not ready.

#include <core/spinlock.h>
#include <object/notification.h>
#include <object/object.h>

namespace mica {

class InterruptObject final : public Object {
public:
    // Claims the line (Error::AlreadyExists if the kernel or another object has it).
    static Result<RefPtr<InterruptObject>> create(uint32_t line);
    ~InterruptObject() override;

    void bind(RefPtr<Notification> notification, uint64_t bits);
    void acknowledge();

    uint32_t line() const { return m_line; }

    explicit InterruptObject(uint32_t line) : Object(abi::ObjectType::Interrupt), m_line(line) {}

private:
    static void fired(uint32_t line, void* context);

    const uint32_t m_line;
    bool m_registered = false;
    SpinLock m_lock;
    RefPtr<Notification> m_notification GUARDED_BY(m_lock);
    uint64_t m_bits GUARDED_BY(m_lock) = 0;
    bool m_pending GUARDED_BY(m_lock) = false;
};

} // namespace mica
