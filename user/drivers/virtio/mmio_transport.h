#pragma once
// virtio-mmio, version 2 (Virtio 1.2, 4.2.2): one register window per device, as QEMU's virt
// machines declare in their device trees. Version 1 (legacy) devices are refused.

#include <drivers/support/mmio.h>
#include <drivers/virtio/transport.h>

namespace mica::virtio {

class MmioTransport final : public Transport {
public:
    // `window`: the mapping that holds the device's registers, `offset` where they start in it.
    static SysResult<MmioTransport*> create(const driver::MmioMapping& window, uint64_t offset);

    uint32_t device_type() override;
    uint8_t status() override;
    void set_status(uint8_t status) override;
    uint64_t device_features() override;
    void set_driver_features(uint64_t features) override;
    uint16_t queue_max_size(uint16_t index) override;
    void enable_queue(uint16_t index, uint16_t size, const QueueAddresses& addresses) override;
    void notify(uint16_t index) override;
    void acknowledge_interrupt() override;
    uint32_t config_read32(uint32_t offset) override;
    uint8_t config_generation() override;

private:
    explicit MmioTransport(volatile uint8_t* base) : m_base(base) {}
    uint32_t read(uint32_t offset) {
        return *reinterpret_cast<volatile uint32_t*>(m_base + offset);
    }
    void write(uint32_t offset, uint32_t value) {
        *reinterpret_cast<volatile uint32_t*>(m_base + offset) = value;
    }
    volatile uint8_t* m_base;
};

} // namespace mica::virtio
