#pragma once
// A split virtqueue (Virtio 1.2, 2.7) in one page of DMA memory: the descriptor table, the
// available ring (driver -> device) and the used ring (device -> driver). The driver adds chains
// of buffers given by physical address, notifies, and collects completions by polling the used
// ring (or after an interrupt). One thread uses a queue at a time.

#include <drivers/virtio/transport.h>
#include <lib/optional.h>
#include <lib/span.h>

namespace mica::virtio {

struct QueueBuffer {
    uint64_t physical = 0;
    uint32_t length = 0;
    bool device_writes = false; // the device fills it (VIRTQ_DESC_F_WRITE)
};

struct Completion {
    uint16_t head = 0;   // what submit() returned for the chain
    uint32_t length = 0; // bytes the device wrote into the chain
};

class Virtqueue {
public:
    static constexpr uint16_t kMaxSize = 128; // what one page holds

    // Allocates the rings with dma_memory_create(`dma_resource`) and enables queue `index` with
    // min(device maximum, kMaxSize) entries.
    static SysResult<Virtqueue*> create(Transport& transport, uint16_t index,
                                        abi::Handle dma_resource);

    uint16_t size() const { return m_size; }
    uint16_t free_descriptors() const { return m_free_count; }

    // Makes `buffers` one chain and offers it to the device; Status::ShouldWait when there are
    // not enough free descriptors. Returns the chain's head. The device sees it after kick().
    SysResult<uint16_t> submit(Span<const QueueBuffer> buffers);
    void kick();
    // The next completed chain, whose descriptors are free again; empty if none.
    Optional<Completion> poll();

private:
    Virtqueue() = default;
    struct Descriptor;
    Transport* m_transport = nullptr;
    uint16_t m_index = 0;
    uint16_t m_size = 0;
    volatile uint8_t* m_memory = nullptr;
    uint32_t m_available_offset = 0;
    uint32_t m_used_offset = 0;
    uint16_t m_free_head = 0;
    uint16_t m_free_count = 0;
    uint16_t m_next_available = 0; // our copy of avail.idx
    uint16_t m_last_used = 0;      // used.idx we have consumed up to
    uint16_t m_next[kMaxSize] = {};
};

} // namespace mica::virtio
