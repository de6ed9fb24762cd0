// The frame allocator as boot set it up, on the real machine: no frame it hands out belongs to
// the kernel, the boot data or its own metadata; every free frame can be taken, written through
// the direct map and given back, after which the allocator is exactly as it was.

#include <arch/mmu.h>
#include <core/ktest.h>
#include <vm/physical_memory.h>

extern "C" const char __kernel_start[], __kernel_end[];

using namespace mica;

namespace {

bool overlaps(PhysAddr base, uint64_t size, const PhysRange& range) {
    return size != 0 && range.size != 0 && base < range.base + range.size &&
           range.base < base + size;
}

// The kernel image as the running kernel sees it, independent of what the loader reported.
PhysRange kernel_image_from_symbols() {
    PhysAddr start = arch::EarlyMmu::virt_to_phys(__kernel_start);
    return {start, uint64_t(__kernel_end - __kernel_start)};
}

// Everything no frame may overlap, gathered once: the exhaustion test asks for every frame.
struct Ours {
    PhysRange ranges[4];

    Ours() {
        const physical_memory::Reservations& reserved = physical_memory::reservations();
        ranges[0] = reserved.kernel_image;
        ranges[1] = kernel_image_from_symbols();
        ranges[2] = reserved.boot_blob;
        ranges[3] = reserved.frame_map;
    }

    bool overlap(PhysAddr base, uint64_t size) const {
        bool any = base == 0;
        for (const PhysRange& range : ranges)
            any |= overlaps(base, size, range);
        return any;
    }
};

// Frames that get a pattern written and checked: all of them up to 64 MiB worth, then an even
// sample across every frame handed out. Writing every frame of a 4 GiB guest made QEMU commit
// all 4 GiB on the host and took ~4 s of the test's ~6 s under TCG; the allocator's own work
// (exhaustion, shuffled frees, coalescing) still covers every frame.
constexpr uint64_t kPatternFrames = (64 << 20) / kFrameSize;

uint64_t pattern_for(PhysAddr frame) { return ~frame * 0x9e37'79b9'7f4a'7c15; }

volatile uint64_t* words_of(PhysAddr frame) {
    return static_cast<volatile uint64_t*>(arch::EarlyMmu::phys_to_virt(frame));
}

// A 64-bit linear congruential generator (Knuth's MMIX constants): reproducible, no state but one
// word, and good enough to shuffle a list.
struct Lcg {
    uint64_t state;
    uint64_t below(uint64_t bound) {
        state = state * 6364136223846793005ull + 1442695040888963407ull;
        return (state >> 11) % bound;
    }
};

struct FreeBlocks {
    uint64_t count[FrameAllocator::kMaxOrder + 1];
};

FreeBlocks free_blocks(const FrameAllocator& frames) {
    FreeBlocks blocks;
    for (unsigned order = 0; order <= FrameAllocator::kMaxOrder; ++order)
        blocks.count[order] = frames.free_blocks(order);
    return blocks;
}

} // namespace

KTEST(physical_memory, usable_ranges_avoid_the_kernel_and_boot_data) {
    const PhysicalMap& map = physical_memory::map();
    KASSERT(!map.ranges.is_empty());
    KEXPECT(overlaps(kernel_image_from_symbols().base, 1,
                     physical_memory::reservations().kernel_image));
    Ours ours;
    for (const PhysRange& range : map.ranges)
        KEXPECT(!ours.overlap(range.base, range.size));
    physical_memory::Stats stats = physical_memory::stats();
    KEXPECT_EQ(physical_memory::frames().stats().total_frames << kFrameShift,
               stats.map.usable - stats.frame_map);
}

KTEST(physical_memory, every_free_frame_is_allocated_written_and_freed) {
    FrameAllocator& frames = physical_memory::frames();
    uint64_t free_before = frames.stats().free_frames;
    FreeBlocks blocks_before = free_blocks(frames);

    // No heap to keep the list of allocated frames in: it lives in one contiguous block, taken
    // first, and read and written through the direct map.
    uint64_t list_frames = (free_before * sizeof(PhysAddr) + kFrameSize - 1) / kFrameSize;
    Result<PhysAddr> list_block = frames.allocate_contiguous(list_frames);
    KASSERT(list_block.is_ok());
    auto* list = static_cast<PhysAddr*>(arch::EarlyMmu::phys_to_virt(list_block.value()));
    uint64_t list_capacity =
        (uint64_t{1} << FrameAllocator::order_for(list_frames)) * kFrameSize / sizeof(PhysAddr);

    Ours ours;
    uint64_t stride = free_before > kPatternFrames ? free_before / kPatternFrames : 1;
    uint64_t count = 0, misplaced = 0;
    for (;;) {
        Result<PhysAddr> frame = frames.allocate(0);
        if (frame.is_error()) {
            KEXPECT_EQ(frame.error(), Error::NoMemory);
            break;
        }
        KASSERT(count < list_capacity);
        misplaced += ours.overlap(frame.value(), kFrameSize);
        if (count % stride == 0) {
            volatile uint64_t* words = words_of(frame.value());
            words[0] = pattern_for(frame.value());
            words[kFrameSize / sizeof(uint64_t) - 1] = ~pattern_for(frame.value());
        }
        list[count++] = frame.value();
    }
    KEXPECT_EQ(misplaced, 0u);
    KEXPECT_EQ(frames.stats().free_frames, 0u);
    KEXPECT_EQ(count + (uint64_t{1} << FrameAllocator::order_for(list_frames)), free_before);

    uint64_t corrupted = 0;
    for (uint64_t i = 0; i < count; i += stride) {
        volatile uint64_t* words = words_of(list[i]);
        corrupted += words[0] != pattern_for(list[i]) ||
                     words[kFrameSize / sizeof(uint64_t) - 1] != ~pattern_for(list[i]);
    }
    KEXPECT_EQ(corrupted, 0u);

    // Freeing in a random order makes the buddy merges happen in every configuration.
    Lcg random{0x6d69'6361};
    for (uint64_t i = count; i > 1; --i) {
        uint64_t j = random.below(i);
        PhysAddr swap = list[i - 1];
        list[i - 1] = list[j];
        list[j] = swap;
    }
    uint64_t refused = 0;
    for (uint64_t i = 0; i < count; ++i)
        refused += frames.free(list[i]).is_error();
    KEXPECT_EQ(refused, 0u);
    KEXPECT(frames.free_contiguous(list_block.value(), list_frames).is_ok());

    KEXPECT_EQ(frames.stats().free_frames, free_before);
    FreeBlocks blocks_after = free_blocks(frames);
    for (unsigned order = 0; order <= FrameAllocator::kMaxOrder; ++order)
        KEXPECT_EQ(blocks_after.count[order], blocks_before.count[order]);
}

KTEST(physical_memory, contiguous_block_is_aligned_to_its_size) {
    Result<PhysAddr> block = physical_memory::allocate_contiguous(16);
    KASSERT(block.is_ok());
    KEXPECT_EQ(block.value() % (64 * 1024), 0u);
    KEXPECT(!Ours().overlap(block.value(), 16 * kFrameSize));
    KEXPECT(physical_memory::free_contiguous(block.value(), 16).is_ok());
}

KTEST(physical_memory, double_free_is_an_error) {
    Result<PhysAddr> frame = physical_memory::allocate_frame();
    KASSERT(frame.is_ok());
    KEXPECT(physical_memory::free_frame(frame.value()).is_ok());
    Result<void> again = physical_memory::free_frame(frame.value());
    KASSERT(again.is_error());
    KEXPECT_EQ(again.error(), Error::InvalidArgument);
}
