#pragma once
// A virtio entropy device (Virtio 1.2, 5.4) behind any transport: one request queue (queue 0)
// whose buffers the device fills with random bytes. It has no feature bits and no configuration
// beyond VIRTIO_F_VERSION_1.
//
// Completion: with an Interrupt (aarch64, riscv64: devmgr routes the line) the driver sleeps on
// a notification bound to it; without one (x86_64) it polls the used ring, like virtio-blk.

#include <drivers/virtio/device_waiter.h>
#include <drivers/virtio/transport.h>
#include <drivers/virtio/virtqueue.h>
#include <mica/protocol/rng.h>

namespace mica::virtio {

class EntropyDevice {
public:
    // The most one fill() asks for: the protocol's per-reply bound.
    static constexpr uint32_t kMaxBytes = uint32_t(rng::protocol::kMaxReadBytes);

    // Negotiates features, sets up the request queue, sets DRIVER_OK. `interrupt`: the device's
    // Interrupt (manage, write), or kInvalidHandle to poll.
    static SysResult<EntropyDevice*> start(Transport& transport, abi::Handle dma_resource,
                                           abi::Handle interrupt);

    bool interrupt_driven() const { return m_waiter.interrupt_driven(); }

    // Fills out[0, length) with bytes from the device, asking again while it gives fewer than
    // asked for. out_of_range for 0 or more than kMaxBytes; timed_out (and the device marked
    // FAILED) when the device stops answering.
    SysResult<void> fill(uint8_t* out, uint32_t length);

private:
    EntropyDevice() = default;
    // One device request into the DMA buffer; returns how many bytes the device wrote.
    SysResult<uint32_t> request(uint32_t length);

    Transport* m_transport = nullptr;
    DeviceWaiter m_waiter;
    Virtqueue* m_queue = nullptr;
    uint8_t* m_buffer = nullptr; // DMA memory the device writes into
    uint64_t m_buffer_physical = 0;
};

} // namespace mica::virtio
