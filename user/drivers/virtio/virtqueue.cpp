#include <abi/user_syscalls.h>
#include <drivers/support/mmio.h>
#include <drivers/virtio/virtqueue.h>
#include <mica/handle.h>
#include <mica/heap.h>

namespace mica::virtio {

namespace {

constexpr uint16_t kDescriptorNext = 1;
constexpr uint16_t kDescriptorWrite = 2;
constexpr uint32_t kPage = 4096;

struct [[gnu::packed]] RawDescriptor {
    uint64_t address;
    uint32_t length;
    uint16_t flags;
    uint16_t next;
};
static_assert(sizeof(RawDescriptor) == 16);

// Orders our ring writes against the device's view (QEMU's device model runs on other host
// threads; on aarch64 and riscv64 this is a real barrier).
inline void barrier() { __atomic_thread_fence(__ATOMIC_SEQ_CST); }

} // namespace

SysResult<Virtqueue*> Virtqueue::create(Transport& transport, uint16_t index,
                                        abi::Handle dma_resource) {
    uint16_t maximum = transport.queue_max_size(index);
    if (maximum == 0)
        return SysError{abi::Status::NotFound, "virtqueue", "the device has no such queue"};
    uint16_t size = maximum < kMaxSize ? maximum : kMaxSize;
    // The spec requires a power of two for split queues' sizes offered by the device; a smaller
    // one we choose must be one too.
    while (size & (size - 1))
        size &= uint16_t(size - 1);

    abi::Handle raw = kInvalidHandle;
    uint64_t physical = 0;
    TRY(check(sys::dma_memory_create(dma_resource, kPage, 0, &raw, &physical),
              "dma_memory_create"));
    OwnedHandle memory(raw);
    uint8_t* mapped = TRY(driver::map_memory(memory.get(), kPage));

    auto* queue = new (std::nothrow) Virtqueue();
    if (!queue)
        return SysError{abi::Status::NoMemory, "virtqueue"};
    queue->m_transport = &transport;
    queue->m_index = index;
    queue->m_size = size;
    queue->m_memory = mapped;
    // Descriptors 16-byte aligned, available ring 2, used ring 4 (Virtio 1.2, 2.7).
    queue->m_available_offset = 16u * size;
    queue->m_used_offset = (queue->m_available_offset + 6 + 2u * size + 3) & ~3u;
    for (uint16_t i = 0; i < size; ++i)
        queue->m_next[i] = uint16_t(i + 1);
    queue->m_free_head = 0;
    queue->m_free_count = size;
    transport.enable_queue(
        index, size,
        {physical, physical + queue->m_available_offset, physical + queue->m_used_offset});
    // The mapping keeps the memory alive after the handle closes.
    return queue;
}

SysResult<uint16_t> Virtqueue::submit(Span<const QueueBuffer> buffers) {
    if (buffers.size() == 0 || buffers.size() > m_size)
        return SysError{abi::Status::InvalidArgument, "virtqueue submit"};
    if (buffers.size() > m_free_count)
        return SysError{abi::Status::ShouldWait, "virtqueue submit", "queue full"};
    auto* table = reinterpret_cast<volatile RawDescriptor*>(m_memory);
    uint16_t head = m_free_head;
    uint16_t at = head;
    for (size_t i = 0; i < buffers.size(); ++i) {
        volatile RawDescriptor& descriptor = table[at];
        descriptor.address = buffers[i].physical;
        descriptor.length = buffers[i].length;
        bool last = i + 1 == buffers.size();
        descriptor.flags = uint16_t((last ? 0 : kDescriptorNext) |
                                    (buffers[i].device_writes ? kDescriptorWrite : 0));
        uint16_t next = m_next[at];
        descriptor.next = last ? 0 : next;
        if (last)
            m_free_head = next;
        at = next;
    }
    m_free_count = uint16_t(m_free_count - buffers.size());
    auto* ring = reinterpret_cast<volatile uint16_t*>(m_memory + m_available_offset);
    ring[2 + m_next_available % m_size] = head;
    barrier(); // the ring entry before the index that publishes it
    ++m_next_available;
    ring[1] = m_next_available;
    return head;
}

void Virtqueue::kick() {
    barrier(); // the published index before the notification
    m_transport->notify(m_index);
}

Optional<Completion> Virtqueue::poll() {
    auto* used = m_memory + m_used_offset;
    uint16_t device_index = *reinterpret_cast<volatile uint16_t*>(used + 2);
    if (device_index == m_last_used)
        return {};
    barrier(); // the index before the element it covers
    volatile uint8_t* element = used + 4 + 8u * (m_last_used % m_size);
    Completion done;
    done.head = uint16_t(*reinterpret_cast<volatile uint32_t*>(element));
    done.length = *reinterpret_cast<volatile uint32_t*>(element + 4);
    ++m_last_used;
    if (done.head >= m_size)
        return done; // a confused device: nothing of ours to free; the caller matches no request
    // Give the chain's descriptors back to the free list.
    auto* table = reinterpret_cast<volatile RawDescriptor*>(m_memory);
    uint16_t at = done.head;
    uint16_t count = 1;
    while ((table[at].flags & kDescriptorNext) && count < m_size) {
        at = table[at].next;
        ++count;
    }
    m_next[at] = m_free_head;
    m_free_head = done.head;
    m_free_count = uint16_t(m_free_count + count);
    return done;
}

} // namespace mica::virtio
