#include <drivers/virtio/mmio_transport.h>
#include <mica/heap.h>

namespace mica::virtio {

namespace {
// Register offsets (Virtio 1.2, 4.2.2, table "MMIO Device Register Layout").
constexpr uint32_t kMagic = 0x000, kVersion = 0x004, kDeviceId = 0x008;
constexpr uint32_t kDeviceFeatures = 0x010, kDeviceFeaturesSelect = 0x014;
constexpr uint32_t kDriverFeatures = 0x020, kDriverFeaturesSelect = 0x024;
constexpr uint32_t kQueueSelect = 0x030, kQueueSizeMax = 0x034, kQueueSize = 0x038;
constexpr uint32_t kQueueReady = 0x044, kQueueNotify = 0x050, kStatus = 0x070;
constexpr uint32_t kInterruptStatus = 0x060, kInterruptAck = 0x064;
constexpr uint32_t kQueueDescriptors = 0x080, kQueueDriver = 0x090, kQueueDevice = 0x0a0;
constexpr uint32_t kConfigGeneration = 0x0fc, kConfig = 0x100;
constexpr uint32_t kMagicValue = 0x7472'6976; // "virt"
constexpr uint64_t kRegisterWindow = 0x200;
} // namespace

SysResult<MmioTransport*> MmioTransport::create(const driver::MmioMapping& window,
                                                uint64_t offset) {
    if (offset > window.size || window.size - offset < kRegisterWindow)
        return SysError{abi::Status::OutOfRange, "virtio-mmio", "window smaller than 0x200"};
    volatile uint8_t* base = window.base + offset;
    auto read = [&](uint32_t at) { return *reinterpret_cast<volatile uint32_t*>(base + at); };
    if (read(kMagic) != kMagicValue)
        return SysError{abi::Status::Unsupported, "virtio-mmio", "bad magic value"};
    if (read(kVersion) != 2)
        return SysError{abi::Status::Unsupported, "virtio-mmio", "not version 2 (modern)"};
    if (read(kDeviceId) == 0)
        return SysError{abi::Status::NotFound, "virtio-mmio", "empty slot"};
    auto* transport = new (std::nothrow) MmioTransport(base);
    if (!transport)
        return SysError{abi::Status::NoMemory, "virtio-mmio"};
    return transport;
}

uint32_t MmioTransport::device_type() { return read(kDeviceId); }
uint8_t MmioTransport::status() { return uint8_t(read(kStatus)); }
void MmioTransport::set_status(uint8_t value) { write(kStatus, value); }

uint64_t MmioTransport::device_features() {
    write(kDeviceFeaturesSelect, 0);
    uint64_t low = read(kDeviceFeatures);
    write(kDeviceFeaturesSelect, 1);
    return low | uint64_t(read(kDeviceFeatures)) << 32;
}

void MmioTransport::set_driver_features(uint64_t features) {
    write(kDriverFeaturesSelect, 0);
    write(kDriverFeatures, uint32_t(features));
    write(kDriverFeaturesSelect, 1);
    write(kDriverFeatures, uint32_t(features >> 32));
}

uint16_t MmioTransport::queue_max_size(uint16_t index) {
    write(kQueueSelect, index);
    return uint16_t(read(kQueueSizeMax));
}

void MmioTransport::enable_queue(uint16_t index, uint16_t size, const QueueAddresses& addresses) {
    write(kQueueSelect, index);
    write(kQueueSize, size);
    const uint32_t fields[] = {kQueueDescriptors, kQueueDriver, kQueueDevice};
    const uint64_t values[] = {addresses.descriptors, addresses.driver_area, addresses.device_area};
    for (int i = 0; i < 3; ++i) {
        write(fields[i], uint32_t(values[i]));
        write(fields[i] + 4, uint32_t(values[i] >> 32));
    }
    write(kQueueReady, 1);
}

void MmioTransport::notify(uint16_t index) { write(kQueueNotify, index); }

void MmioTransport::acknowledge_interrupt() { write(kInterruptAck, read(kInterruptStatus)); }

uint32_t MmioTransport::config_read32(uint32_t offset) { return read(kConfig + offset); }

uint8_t MmioTransport::config_generation() { return uint8_t(read(kConfigGeneration)); }

} // namespace mica::virtio
