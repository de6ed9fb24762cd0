#include <abi/user_syscalls.h>
#include <drivers/support/mmio.h>
#include <drivers/virtio-rng/entropy_device.h>
#include <mica/handle.h>
#include <mica/heap.h>
#include <string.h>

namespace mica::virtio {

namespace {

constexpr uint32_t kEntropyType = 4;            // Virtio 1.2, 5: entropy source
constexpr uint64_t kBufferBytes = 4096;         // one page of DMA memory holds kMaxBytes
constexpr uint64_t kTimeoutNs = 10'000'000'000; // a device that never answers
// A device may legitimately return short buffers; one that keeps returning nothing is broken.
constexpr uint32_t kMaxEmptyAnswers = 16;

static_assert(EntropyDevice::kMaxBytes <= kBufferBytes, "the DMA buffer holds one request");

} // namespace

SysResult<EntropyDevice*> EntropyDevice::start(Transport& transport, abi::Handle dma_resource,
                                               abi::Handle interrupt) {
    if (transport.device_type() != kEntropyType)
        return SysError{abi::Status::Unsupported, "virtio-rng", "not an entropy device"};
    TRY(start_device(transport, 0, 0)); // no device features (5.4.3)
    auto* device = new (std::nothrow) EntropyDevice();
    if (!device)
        return SysError{abi::Status::NoMemory, "virtio-rng"};
    device->m_transport = &transport;
    device->m_queue = TRY(Virtqueue::create(transport, 0, dma_resource));
    abi::Handle raw = kInvalidHandle;
    TRY(check(
        sys::dma_memory_create(dma_resource, kBufferBytes, 0, &raw, &device->m_buffer_physical),
        "dma_memory_create"));
    OwnedHandle memory(raw); // the mapping keeps it alive
    device->m_buffer = TRY(driver::map_memory(memory.get(), kBufferBytes));
    TRY(device->m_waiter.init(transport, interrupt));
    TRY(finish_start(transport));
    return device;
}

SysResult<uint32_t> EntropyDevice::request(uint32_t length) {
    QueueBuffer buffer{m_buffer_physical, length, true};
    TRY(m_queue->submit(Span<const QueueBuffer>(&buffer, 1)));
    m_queue->kick();
    uint64_t start = 0;
    (void)sys::clock_get(0, &start);
    for (;;) {
        if (Optional<Completion> done = m_queue->poll())
            return done.value().length < length ? done.value().length : length;
        if (!m_waiter.wait(start + kTimeoutNs)) {
            // The device may still own the buffer: it cannot be trusted with more.
            m_transport->set_status(m_transport->status() | status::kFailed);
            return SysError{abi::Status::TimedOut, "virtio-rng", "the device did not answer"};
        }
    }
}

SysResult<void> EntropyDevice::fill(uint8_t* out, uint32_t length) {
    if (length == 0 || length > kMaxBytes)
        return SysError{abi::Status::OutOfRange, "virtio-rng read"};
    uint32_t empty_answers = 0;
    for (uint32_t filled = 0; filled < length;) {
        uint32_t got = TRY(request(length - filled));
        if (got == 0 && ++empty_answers > kMaxEmptyAnswers)
            return SysError{abi::Status::BadState, "virtio-rng", "the device gives no entropy"};
        memcpy(out + filled, m_buffer, got);
        filled += got;
    }
    return {};
}

} // namespace mica::virtio
