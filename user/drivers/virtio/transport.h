#pragma once
// How a virtio driver reaches its device, whatever the bus (Virtio 1.2, 4 "Virtio Transport
// Options"): the device status and feature bits, the virtqueue registers, notification and the
// device-specific configuration. virtio-pci (pci_transport.h) and virtio-mmio version 2
// (mmio_transport.h) implement it; the device logic (virtqueue.h, the drivers) sees only this.

#include <lib/types.h>
#include <mica/sys_result.h>

namespace mica::virtio {

// Device status bits (Virtio 1.2, 2.1).
namespace status {
constexpr uint8_t kAcknowledge = 1;
constexpr uint8_t kDriver = 2;
constexpr uint8_t kDriverOk = 4;
constexpr uint8_t kFeaturesOk = 8;
constexpr uint8_t kDeviceNeedsReset = 64;
constexpr uint8_t kFailed = 128;
} // namespace status

// Reserved feature bits (Virtio 1.2, 6).
constexpr uint64_t kFeatureVersion1 = 1ull << 32;

struct QueueAddresses {
    uint64_t descriptors = 0; // physical addresses the device uses
    uint64_t driver_area = 0; // the available ring
    uint64_t device_area = 0; // the used ring
};

class Transport {
public:
    virtual uint32_t device_type() = 0; // Virtio 1.2, 5: 2 = block, 4 = entropy, ...
    virtual uint8_t status() = 0;
    virtual void set_status(uint8_t status) = 0; // 0 resets the device
    virtual uint64_t device_features() = 0;
    virtual void set_driver_features(uint64_t features) = 0;

    // The largest size the device allows for queue `index` (0: no such queue).
    virtual uint16_t queue_max_size(uint16_t index) = 0;
    // Tells the device where queue `index` of `size` entries lives, and enables it.
    virtual void enable_queue(uint16_t index, uint16_t size, const QueueAddresses& addresses) = 0;
    virtual void notify(uint16_t index) = 0;
    // Reads (and so clears) the device's interrupt status, which lowers a level-triggered line
    // (virtio-pci ISR, 4.1.4.5; virtio-mmio InterruptStatus/InterruptACK, 4.2.2). Before
    // acknowledging the Interrupt object, or the line fires again at once.
    virtual void acknowledge_interrupt() = 0;

    // Little-endian reads of the device-specific configuration (Virtio 1.2, 2.5).
    virtual uint32_t config_read32(uint32_t offset) = 0;
    virtual uint8_t config_generation() = 0;

    // A 64-bit configuration field, read until the generation is stable (Virtio 1.2, 2.5.1).
    uint64_t config_read64(uint32_t offset);

protected:
    ~Transport() = default;
};

// The common start of every driver (Virtio 1.2, 3.1.1): reset, ACKNOWLEDGE, DRIVER, negotiate
// (VERSION_1 always; `wanted` of what the device offers; `required` must all be offered), then
// FEATURES_OK and check it stuck. On any failure the device is left with FAILED set and the error
// says which step. Returns the negotiated features. Queues are set up after this, DRIVER_OK last.
SysResult<uint64_t> start_device(Transport& transport, uint64_t wanted, uint64_t required);

// Sets DRIVER_OK; checks the device did not answer with DEVICE_NEEDS_RESET.
SysResult<void> finish_start(Transport& transport);

} // namespace mica::virtio
