#pragma once
// How a virtio driver waits for its device between submitting buffers and finding them used:
// the device's interrupt, delivered as bits on a notification, when devmgr could route one
// (DeviceInterrupt startup handle), otherwise polling with a thread_yield between looks (x86_64,
// where INTx routing needs ACPI AML).

#include <drivers/virtio/transport.h>
#include <mica/handle.h>
#include <mica/sys_result.h>

namespace mica::virtio {

class DeviceWaiter {
public:
    // `interrupt`: the device's Interrupt object, or kInvalidHandle to poll. Binds it to a new
    // notification; the line stays masked until the first wait acknowledges it.
    SysResult<void> init(Transport& transport, abi::Handle interrupt);

    // Waits until the device signals (or, polling, until the next look is due). False once
    // `deadline` (clock_get ns) has passed: the caller gives up on the device.
    bool wait(uint64_t deadline);

    bool interrupt_driven() const { return m_notification != kInvalidHandle; }

private:
    Transport* m_transport = nullptr;
    abi::Handle m_interrupt = kInvalidHandle;
    abi::Handle m_notification = kInvalidHandle;
};

} // namespace mica::virtio
