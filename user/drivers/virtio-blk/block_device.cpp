#include <abi/user_syscalls.h>
#include <drivers/support/mmio.h>
#include <drivers/virtio-blk/block_device.h>
#include <mica/handle.h>
#include <mica/heap.h>

namespace mica::virtio {

namespace {

constexpr uint64_t kFeatureReadOnly = 1ull << 5;
constexpr uint64_t kFeatureFlush = 1ull << 9;
constexpr uint32_t kRequestIn = 0, kRequestOut = 1, kRequestFlush = 4;
constexpr uint8_t kStatusOk = 0, kStatusUnset = 0xff;
constexpr uint32_t kChunk = 4096; // bytes per device request
constexpr uint32_t kMaxRequests = uint32_t(block::protocol::kMaxTransferBytes / kChunk);
constexpr uint32_t kHeaderSize = 16;
constexpr uint32_t kStatusArea = 2048;          // status bytes start here in the meta page
constexpr uint64_t kTimeoutNs = 10'000'000'000; // a device that never answers

static_assert(kMaxRequests <= 32, "m_lengths and friends hold one entry per request");

struct [[gnu::packed]] RequestHeader {
    uint32_t type;
    uint32_t reserved;
    uint64_t sector;
};

SysResult<uint8_t*> dma(abi::Handle resource, uint64_t size, uint64_t& physical) {
    abi::Handle raw = kInvalidHandle;
    TRY(check(sys::dma_memory_create(resource, size, 0, &raw, &physical), "dma_memory_create"));
    OwnedHandle memory(raw); // the mapping keeps it alive
    return driver::map_memory(memory.get(), size);
}

} // namespace

SysResult<BlockDevice*> BlockDevice::start(Transport& transport, abi::Handle dma_resource,
                                           abi::Handle interrupt) {
    if (transport.device_type() != 2)
        return SysError{abi::Status::Unsupported, "virtio-blk", "not a block device"};
    uint64_t features = TRY(start_device(transport, kFeatureReadOnly | kFeatureFlush, 0));
    auto* device = new (std::nothrow) BlockDevice();
    if (!device)
        return SysError{abi::Status::NoMemory, "virtio-blk"};
    device->m_transport = &transport;
    device->m_read_only = features & kFeatureReadOnly;
    device->m_has_flush = features & kFeatureFlush;
    device->m_sectors = transport.config_read64(0); // capacity
    device->m_queue = TRY(Virtqueue::create(transport, 0, dma_resource));
    device->m_data =
        TRY(dma(dma_resource, block::protocol::kMaxTransferBytes, device->m_data_physical));
    device->m_meta = TRY(dma(dma_resource, 4096, device->m_meta_physical));
    TRY(device->m_waiter.init(transport, interrupt));
    TRY(finish_start(transport));
    return device;
}

SysResult<void> BlockDevice::run(uint32_t count) {
    for (uint32_t i = 0; i < count; ++i) {
        QueueBuffer chain[3];
        size_t parts = 0;
        chain[parts++] = {m_meta_physical + i * kHeaderSize, kHeaderSize, false};
        if (m_has_data[i])
            chain[parts++] = {m_data_physical + m_offsets[i], m_lengths[i], !m_writes[i]};
        chain[parts++] = {m_meta_physical + kStatusArea + i, 1, true};
        m_meta[kStatusArea + i] = kStatusUnset;
        TRY(m_queue->submit(Span<const QueueBuffer>(chain, parts)));
    }
    m_queue->kick();
    uint64_t start = 0;
    (void)sys::clock_get(0, &start);
    for (uint32_t done = 0; done < count;) {
        if (m_queue->poll()) {
            ++done;
            continue;
        }
        if (!m_waiter.wait(start + kTimeoutNs)) {
            // The device may still own the descriptors: it cannot be trusted with more.
            m_transport->set_status(m_transport->status() | status::kFailed);
            return SysError{abi::Status::TimedOut, "virtio-blk", "the device did not answer"};
        }
    }
    for (uint32_t i = 0; i < count; ++i) {
        if (m_meta[kStatusArea + i] != kStatusOk)
            return SysError{abi::Status::BadState, "virtio-blk", "the device reported an error"};
    }
    return {};
}

SysResult<void> BlockDevice::transfer(bool write, uint64_t sector, uint32_t sectors) {
    uint64_t bytes = uint64_t(sectors) * kSectorSize;
    if (sectors == 0 || bytes > block::protocol::kMaxTransferBytes || sector > m_sectors ||
        sectors > m_sectors - sector)
        return SysError{abi::Status::OutOfRange, "virtio-blk transfer"};
    if (write && m_read_only)
        return SysError{abi::Status::AccessDenied, "virtio-blk", "the disk is read-only"};
    uint32_t count = 0;
    for (uint64_t offset = 0; offset < bytes; offset += kChunk, ++count) {
        uint32_t length = uint32_t(bytes - offset < kChunk ? bytes - offset : kChunk);
        auto* header = reinterpret_cast<RequestHeader*>(m_meta + count * kHeaderSize);
        *header = {write ? kRequestOut : kRequestIn, 0, sector + offset / kSectorSize};
        m_offsets[count] = offset;
        m_lengths[count] = length;
        m_writes[count] = write;
        m_has_data[count] = true;
    }
    return run(count);
}

SysResult<void> BlockDevice::flush() {
    if (!m_has_flush)
        return {};
    auto* header = reinterpret_cast<RequestHeader*>(m_meta);
    *header = {kRequestFlush, 0, 0};
    m_has_data[0] = false;
    return run(1);
}

} // namespace mica::virtio
