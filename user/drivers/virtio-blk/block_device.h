#pragma once
// A virtio block device (Virtio 1.2, 5.2) behind any transport: its capacity, and reads, writes
// and flushes through a DMA bounce buffer. A transfer is split into page-sized device requests
// that are all in flight at once; it completes when all of them have.
//
// Completion: with an Interrupt (devmgr routes INTx and virtio-mmio lines on device-tree
// machines) the driver sleeps on a notification bound to it; without one (x86: INTx routing
// needs ACPI _PRT, which is AML; MSI-X is not in the kernel yet) it polls the used ring.

#include <drivers/virtio/device_waiter.h>
#include <drivers/virtio/transport.h>
#include <drivers/virtio/virtqueue.h>
#include <mica/protocol/block.h>

namespace mica::virtio {

class BlockDevice {
public:
    static constexpr uint32_t kSectorSize = 512; // virtio-blk counts in 512-byte sectors

    // Negotiates features, sets up the request queue, sets DRIVER_OK. `interrupt`: the device's
    // Interrupt (manage, write), or kInvalidHandle to poll.
    static SysResult<BlockDevice*> start(Transport& transport, abi::Handle dma_resource,
                                         abi::Handle interrupt);

    uint64_t sector_count() const { return m_sectors; }
    bool read_only() const { return m_read_only; }
    bool interrupt_driven() const { return m_waiter.interrupt_driven(); }
    // kMaxTransferBytes of DMA memory that transfers read into and write from.
    uint8_t* buffer() const { return m_data; }

    // `sectors` sectors at `sector` between the disk and buffer(). out_of_range beyond the disk
    // or the buffer; bad_state when the device reports an error; access_denied writing a
    // read-only disk.
    SysResult<void> transfer(bool write, uint64_t sector, uint32_t sectors);
    // Writes the device's volatile cache to stable storage (a no-op success without
    // VIRTIO_BLK_F_FLUSH: then the device has no such cache).
    SysResult<void> flush();

private:
    BlockDevice() = default;
    // Submits requests [0, count) prepared in m_meta and waits for all of them.
    SysResult<void> run(uint32_t count);

    Transport* m_transport = nullptr;
    DeviceWaiter m_waiter;
    Virtqueue* m_queue = nullptr;
    uint64_t m_sectors = 0;
    bool m_read_only = false;
    bool m_has_flush = false;
    uint8_t* m_data = nullptr;
    uint64_t m_data_physical = 0;
    uint8_t* m_meta = nullptr; // request headers, then status bytes
    uint64_t m_meta_physical = 0;
    uint32_t m_lengths[32] = {}; // per request: data bytes
    uint64_t m_offsets[32] = {}; // per request: offset into m_data
    bool m_writes[32] = {};
    bool m_has_data[32] = {};
};

} // namespace mica::virtio
