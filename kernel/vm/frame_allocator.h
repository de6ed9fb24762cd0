#pragma once
// The physical frame allocator: a binary buddy system over 4 KiB frames.
//
// Blocks of 2^order contiguous frames (order 0..kMaxOrder) sit on one free list per order. Freeing
// a block merges it with its buddy while the buddy is free and of the same order, so memory
// freed in any order coalesces back into large blocks. Every frame has a FrameInfo record (from a
// metadata array the caller carves out of RAM), which makes the buddy check and list removal O(1)
// and lets free() detect double frees and frees of addresses it never handed out.
//
// Pure logic over a caller-supplied metadata array: the same code runs in the kernel and in the
// host tests. Not thread-safe by itself; the kernel wraps it in a lock (and per-CPU caches later).

#include <lib/result.h>
#include <lib/span.h>
#include <lib/types.h>

namespace mica {

constexpr uint64_t kFrameSize = 4096;
constexpr unsigned kFrameShift = 12;

struct FrameInfo {
    enum class State : uint8_t {
        Unavailable,   // not RAM we may hand out (holes, firmware, the kernel, boot blobs)
        FreeHead,      // first frame of a free block of `order`
        AllocatedHead, // first frame of an allocated block of `order`
        Tail,          // any other frame of a block; its head holds the state
    };
    static constexpr uint32_t kNone = ~uint32_t{0};
    uint32_t next = kNone; // free-list links, as frame indices
    uint32_t prev = kNone;
    uint8_t order = 0;
    State state = State::Unavailable;
};

struct FrameStats {
    uint64_t total_frames = 0; // frames ever added as usable
    uint64_t free_frames = 0;
    uint64_t unavailable_frames = 0; // frames in the span that are not usable RAM
};

class FrameAllocator {
public:
    static constexpr unsigned kMaxOrder = 18; // 1 GiB blocks

    // Bytes of FrameInfo needed to manage `span_frames` frames.
    static constexpr uint64_t metadata_bytes(uint64_t span_frames) {
        return span_frames * sizeof(FrameInfo);
    }

    // Manages physical frames [span_base, span_base + span_frames * 4 KiB), all unavailable until
    // add_free_range(). `metadata` must hold at least span_frames records.
    Result<void> init(PhysAddr span_base, uint64_t span_frames, Span<FrameInfo> metadata);

    // Hands [base, base + size) to the allocator; partial frames at either end are ignored.
    // Ranges must lie inside the span and must not have been added before.
    Result<void> add_free_range(PhysAddr base, uint64_t size);

    // A block of 2^order frames, aligned to its size. Error::NoMemory when none is free.
    Result<PhysAddr> allocate(unsigned order = 0);

    // At least `frames` contiguous frames (for DMA), aligned to the enclosing power of two.
    Result<PhysAddr> allocate_contiguous(uint64_t frames);

    // Returns a block from allocate(order). Error::InvalidArgument for an address that is not
    // the head of an allocated block of that order (double free, wrong order, never allocated).
    Result<void> free(PhysAddr address, unsigned order = 0);
    Result<void> free_contiguous(PhysAddr address, uint64_t frames);

    FrameStats stats() const { return m_stats; }
    uint64_t free_blocks(unsigned order) const { return m_free_count[order]; }
    PhysAddr span_base() const { return m_span_base; }

    static unsigned order_for(uint64_t frames);

private:
    uint32_t index_of(PhysAddr address) const {
        return uint32_t((address - m_span_base) >> kFrameShift);
    }
    PhysAddr address_of(uint32_t index) const {
        return m_span_base + (uint64_t(index) << kFrameShift);
    }
    void push_free(uint32_t index, unsigned order);
    void remove_free(uint32_t index);
    void mark_block(uint32_t head, unsigned order, FrameInfo::State state);
    // Frees a block and merges it with free buddies as far as possible.
    void release(uint32_t index, unsigned order);

    PhysAddr m_span_base = 0;
    uint64_t m_span_frames = 0;
    FrameInfo* m_frames = nullptr;
    uint32_t m_free_head[kMaxOrder + 1];
    uint64_t m_free_count[kMaxOrder + 1] = {};
    FrameStats m_stats;
};

} // namespace mica
