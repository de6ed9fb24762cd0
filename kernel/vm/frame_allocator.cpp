#include <lib/align.h>
#include <vm/frame_allocator.h>

namespace mica {

Result<void> FrameAllocator::init(PhysAddr span_base, uint64_t span_frames,
                                  Span<FrameInfo> metadata) {
    if (!is_aligned(span_base, kFrameSize) || metadata.size() < span_frames ||
        span_frames >= FrameInfo::kNone)
        return Error::InvalidArgument;
    m_span_base = span_base;
    m_span_frames = span_frames;
    m_frames = metadata.data();
    for (uint64_t i = 0; i < span_frames; ++i)
        m_frames[i] = FrameInfo{};
    for (unsigned order = 0; order <= kMaxOrder; ++order) {
        m_free_head[order] = FrameInfo::kNone;
        m_free_count[order] = 0;
    }
    m_stats = {0, 0, span_frames};
    return {};
}

Result<void> FrameAllocator::add_free_range(PhysAddr base, uint64_t size) {
    PhysAddr start = align_up(base, kFrameSize);
    PhysAddr end = align_down(base + size, kFrameSize);
    if (end <= start)
        return {};
    if (start < m_span_base || end > m_span_base + (m_span_frames << kFrameShift))
        return Error::OutOfRange;
    uint32_t first = index_of(start), last = index_of(end);
    for (uint32_t i = first; i < last; ++i) {
        if (m_frames[i].state != FrameInfo::State::Unavailable)
            return Error::InvalidArgument;
    }
    for (uint32_t i = first; i < last; ++i)
        m_frames[i].state = FrameInfo::State::Tail;
    m_stats.total_frames += last - first;
    m_stats.unavailable_frames -= last - first;
    m_stats.free_frames += last - first;
    // Free in the largest naturally aligned blocks that fit; release() merges across calls.
    uint32_t i = first;
    while (i < last) {
        unsigned order = 0;
        while (order < kMaxOrder && (uint64_t(address_of(i)) >> kFrameShift) % (2u << order) == 0 &&
               i + (2u << order) <= last)
            ++order;
        mark_block(i, order, FrameInfo::State::AllocatedHead);
        release(i, order);
        i += 1u << order;
    }
    return {};
}

unsigned FrameAllocator::order_for(uint64_t frames) {
    unsigned order = 0;
    while ((uint64_t{1} << order) < frames)
        ++order;
    return order;
}

Result<PhysAddr> FrameAllocator::allocate(unsigned order) {
    if (order > kMaxOrder)
        return Error::InvalidArgument;
    unsigned found = order;
    while (found <= kMaxOrder && m_free_head[found] == FrameInfo::kNone)
        ++found;
    if (found > kMaxOrder)
        return Error::NoMemory;

    uint32_t head = m_free_head[found];
    remove_free(head);
    // Split: keep the lower half, give the upper halves back to the smaller lists.
    while (found > order) {
        --found;
        uint32_t upper = head + (1u << found);
        mark_block(upper, found, FrameInfo::State::FreeHead);
        push_free(upper, found);
    }
    mark_block(head, order, FrameInfo::State::AllocatedHead);
    m_stats.free_frames -= uint64_t{1} << order;
    return address_of(head);
}

Result<PhysAddr> FrameAllocator::allocate_contiguous(uint64_t frames) {
    if (frames == 0)
        return Error::InvalidArgument;
    // More than the largest block can never be satisfied: out of memory, not a bad argument.
    if (frames > (uint64_t{1} << kMaxOrder))
        return Error::NoMemory;
    return allocate(order_for(frames));
}

Result<void> FrameAllocator::free(PhysAddr address, unsigned order) {
    if (order > kMaxOrder || address < m_span_base || !is_aligned(address, kFrameSize))
        return Error::InvalidArgument;
    uint64_t index = (address - m_span_base) >> kFrameShift;
    if (index >= m_span_frames)
        return Error::InvalidArgument;
    FrameInfo& info = m_frames[index];
    if (info.state != FrameInfo::State::AllocatedHead || info.order != order)
        return Error::InvalidArgument;
    m_stats.free_frames += uint64_t{1} << order;
    release(uint32_t(index), order);
    return {};
}

Result<void> FrameAllocator::free_contiguous(PhysAddr address, uint64_t frames) {
    if (frames == 0)
        return Error::InvalidArgument;
    return free(address, order_for(frames));
}

void FrameAllocator::release(uint32_t index, unsigned order) {
    while (order < kMaxOrder) {
        // Buddies are found by flipping one bit of the frame number, which only works when the
        // span base is itself aligned; compute on absolute frame numbers to keep that true.
        uint64_t frame_number = address_of(index) >> kFrameShift;
        uint64_t buddy_number = frame_number ^ (uint64_t{1} << order);
        uint64_t base_number = m_span_base >> kFrameShift;
        if (buddy_number < base_number || buddy_number - base_number >= m_span_frames)
            break;
        uint32_t buddy = uint32_t(buddy_number - base_number);
        const FrameInfo& buddy_info = m_frames[buddy];
        if (buddy_info.state != FrameInfo::State::FreeHead || buddy_info.order != order)
            break;
        remove_free(buddy);
        // The higher of the two heads becomes part of the merged block.
        m_frames[buddy > index ? buddy : index].state = FrameInfo::State::Tail;
        if (buddy < index)
            index = buddy;
        ++order;
    }
    mark_block(index, order, FrameInfo::State::FreeHead);
    push_free(index, order);
}

// Invariant: every usable frame is a head (whose state and order describe its block) or a Tail.
// A split turns one Tail into a head and a merge turns one head into a Tail, so keeping it costs
// O(1) per step, and free() can tell a real block from a stale or interior address.
void FrameAllocator::mark_block(uint32_t head, unsigned order, FrameInfo::State state) {
    m_frames[head].state = state;
    m_frames[head].order = uint8_t(order);
}

void FrameAllocator::push_free(uint32_t index, unsigned order) {
    FrameInfo& info = m_frames[index];
    info.prev = FrameInfo::kNone;
    info.next = m_free_head[order];
    if (info.next != FrameInfo::kNone)
        m_frames[info.next].prev = index;
    m_free_head[order] = index;
    ++m_free_count[order];
}

void FrameAllocator::remove_free(uint32_t index) {
    FrameInfo& info = m_frames[index];
    if (info.prev != FrameInfo::kNone)
        m_frames[info.prev].next = info.next;
    else
        m_free_head[info.order] = info.next;
    if (info.next != FrameInfo::kNone)
        m_frames[info.next].prev = info.prev;
    info.next = info.prev = FrameInfo::kNone;
    --m_free_count[info.order];
}

} // namespace mica
