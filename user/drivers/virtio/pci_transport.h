#pragma once
// Modern virtio over PCI (Virtio 1.2, 4.1): the function's capability list names, for each
// structure (common configuration, notifications, ISR status, device configuration), the BAR,
// offset and length where it lives. Legacy (I/O port) virtio is not supported.

#include <drivers/support/mmio.h>
#include <drivers/virtio/transport.h>

namespace mica::virtio {

class PciTransport final : public Transport {
public:
    // `config`: the function's 4 KiB of configuration space; `bars[i]`: BAR i mapped (empty
    // where the driver was not given it). Fails (naming what is missing) unless the common,
    // notify and device structures are found inside mapped BARs.
    static SysResult<PciTransport*> create(const driver::MmioMapping& config,
                                           driver::MmioMapping* bars);

    uint32_t device_type() override { return m_device_type; }
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
    PciTransport() = default;
    volatile uint8_t* m_common = nullptr;
    volatile uint8_t* m_notify = nullptr;
    volatile uint8_t* m_device = nullptr;
    volatile uint8_t* m_isr = nullptr;
    uint32_t m_notify_multiplier = 0;
    uint32_t m_device_type = 0;
};

} // namespace mica::virtio
