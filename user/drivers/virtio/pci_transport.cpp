#include <drivers/virtio/pci_transport.h>
#include <mica/heap.h>

namespace mica::virtio {

namespace {

// virtio_pci_cap (Virtio 1.2, 4.1.4): vendor-specific capability (ID 0x09).
constexpr uint8_t kVendorCapability = 0x09;
constexpr uint8_t kCommonConfig = 1;
constexpr uint8_t kNotifyConfig = 2;
constexpr uint8_t kIsrConfig = 3;
constexpr uint8_t kDeviceConfig = 4;
constexpr uint16_t kStatusRegister = 0x06;
constexpr uint16_t kStatusHasCapabilities = 1 << 4;
constexpr uint16_t kCapabilitiesPointer = 0x34;

// virtio_pci_common_cfg field offsets (Virtio 1.2, 4.1.4.3).
constexpr uint32_t kDeviceFeatureSelect = 0x00;
constexpr uint32_t kDeviceFeature = 0x04;
constexpr uint32_t kDriverFeatureSelect = 0x08;
constexpr uint32_t kDriverFeature = 0x0c;
constexpr uint32_t kDeviceStatus = 0x14;
constexpr uint32_t kConfigGeneration = 0x15;
constexpr uint32_t kQueueSelect = 0x16;
constexpr uint32_t kQueueSize = 0x18;
constexpr uint32_t kQueueEnable = 0x1c;
constexpr uint32_t kQueueNotifyOff = 0x1e;
constexpr uint32_t kQueueDescriptors = 0x20;
constexpr uint32_t kQueueDriver = 0x28;
constexpr uint32_t kQueueDevice = 0x30;

template <typename T>
T load(volatile uint8_t* base, uint32_t offset) {
    return *reinterpret_cast<volatile T*>(base + offset);
}
template <typename T>
void store(volatile uint8_t* base, uint32_t offset, T value) {
    *reinterpret_cast<volatile T*>(base + offset) = value;
}

} // namespace

SysResult<PciTransport*> PciTransport::create(const driver::MmioMapping& config,
                                              driver::MmioMapping* bars) {
    auto* transport = new (std::nothrow) PciTransport();
    if (!transport)
        return SysError{abi::Status::NoMemory, "virtio-pci"};
    uint16_t vendor = config.read<uint16_t>(0), device = config.read<uint16_t>(2);
    if (vendor != 0x1af4 || device < 0x1040 || device > 0x107f)
        return SysError{abi::Status::Unsupported, "virtio-pci", "not a modern virtio device"};
    transport->m_device_type = device - 0x1040u;
    if (!(config.read<uint16_t>(kStatusRegister) & kStatusHasCapabilities))
        return SysError{abi::Status::Unsupported, "virtio-pci", "no capability list"};
    // At most 48 capabilities fit in the 192 bytes after the header: that bounds a looping list.
    uint8_t at = config.read<uint8_t>(kCapabilitiesPointer) & ~3;
    for (int count = 0; at >= 0x40 && count < 48; ++count) {
        uint8_t id = config.read<uint8_t>(at);
        uint8_t next = config.read<uint8_t>(at + 1) & ~3;
        if (id == kVendorCapability) {
            uint8_t type = config.read<uint8_t>(at + 3);
            uint8_t bar = config.read<uint8_t>(at + 4);
            uint32_t offset = config.read<uint32_t>(at + 8);
            uint32_t length = config.read<uint32_t>(at + 12);
            bool reachable = bar < 6 && bars[bar].base && offset <= bars[bar].size &&
                             length <= bars[bar].size - offset;
            volatile uint8_t* where = reachable ? bars[bar].base + offset : nullptr;
            if (type == kCommonConfig && !transport->m_common)
                transport->m_common = where;
            else if (type == kNotifyConfig && !transport->m_notify) {
                transport->m_notify = where;
                transport->m_notify_multiplier = config.read<uint32_t>(at + 16);
            } else if (type == kIsrConfig && !transport->m_isr)
                transport->m_isr = where;
            else if (type == kDeviceConfig && !transport->m_device)
                transport->m_device = where;
        }
        at = next;
    }
    if (!transport->m_common || !transport->m_notify || !transport->m_device || !transport->m_isr)
        return SysError{
            abi::Status::NotFound, "virtio-pci",
            "common, notify, ISR or device configuration missing or not in a given BAR"};
    return transport;
}

uint8_t PciTransport::status() { return load<uint8_t>(m_common, kDeviceStatus); }

void PciTransport::set_status(uint8_t value) { store<uint8_t>(m_common, kDeviceStatus, value); }

uint64_t PciTransport::device_features() {
    store<uint32_t>(m_common, kDeviceFeatureSelect, 0);
    uint64_t low = load<uint32_t>(m_common, kDeviceFeature);
    store<uint32_t>(m_common, kDeviceFeatureSelect, 1);
    return low | uint64_t(load<uint32_t>(m_common, kDeviceFeature)) << 32;
}

void PciTransport::set_driver_features(uint64_t features) {
    store<uint32_t>(m_common, kDriverFeatureSelect, 0);
    store<uint32_t>(m_common, kDriverFeature, uint32_t(features));
    store<uint32_t>(m_common, kDriverFeatureSelect, 1);
    store<uint32_t>(m_common, kDriverFeature, uint32_t(features >> 32));
}

uint16_t PciTransport::queue_max_size(uint16_t index) {
    store<uint16_t>(m_common, kQueueSelect, index);
    return load<uint16_t>(m_common, kQueueSize);
}

void PciTransport::enable_queue(uint16_t index, uint16_t size, const QueueAddresses& addresses) {
    store<uint16_t>(m_common, kQueueSelect, index);
    store<uint16_t>(m_common, kQueueSize, size);
    // 64-bit fields as two 32-bit halves, which every transport must accept (Virtio 1.2, 4.1.3).
    const uint32_t fields[] = {kQueueDescriptors, kQueueDriver, kQueueDevice};
    const uint64_t values[] = {addresses.descriptors, addresses.driver_area, addresses.device_area};
    for (int i = 0; i < 3; ++i) {
        store<uint32_t>(m_common, fields[i], uint32_t(values[i]));
        store<uint32_t>(m_common, fields[i] + 4, uint32_t(values[i] >> 32));
    }
    store<uint16_t>(m_common, kQueueEnable, 1);
}

void PciTransport::notify(uint16_t index) {
    store<uint16_t>(m_common, kQueueSelect, index);
    uint32_t offset = uint32_t(load<uint16_t>(m_common, kQueueNotifyOff)) * m_notify_multiplier;
    store<uint16_t>(m_notify, offset, index);
}

void PciTransport::acknowledge_interrupt() { (void)load<uint8_t>(m_isr, 0); }

uint32_t PciTransport::config_read32(uint32_t offset) { return load<uint32_t>(m_device, offset); }

uint8_t PciTransport::config_generation() { return load<uint8_t>(m_common, kConfigGeneration); }

} // namespace mica::virtio
