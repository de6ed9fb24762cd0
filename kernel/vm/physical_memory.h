#pragma once
// The kernel's physical memory: the frame allocator set up at boot from the loader's memory map.
//
// init() builds the physical map (physical_map.h), carves the allocator's FrameInfo array out of
// the top of the largest usable range, reaches it through the early direct map and hands every
// remaining usable frame to the buddy allocator. Everything after it allocates frames here.

#include <core/boot_info.h>
#include <lib/result.h>
#include <vm/frame_allocator.h>
#include <vm/physical_map.h>

namespace mica::physical_memory {

struct Stats {
    PhysicalMapStats map;   // where the RAM the loader described went (map.usable still
                            // includes the frame map, carved out of it afterwards)
    uint64_t frame_map = 0; // bytes of FrameInfo records carved out of usable RAM
    size_t ranges = 0;      // usable ranges handed to the allocator

    // Everything described but not handed to the allocator (firmware, page 0, the kernel, boot
    // data, the frame map); RAM beyond the direct map is counted apart, in map.unreachable.
    uint64_t reserved() const {
        return map.firmware + map.low_memory + map.kernel_image + map.boot_data + frame_map;
    }
};

// Physical ranges the kernel keeps for itself, recorded so tests can check no frame overlaps
// them (BootInfo may live on the boot stack, which is not forever).
struct Reservations {
    PhysRange kernel_image;
    PhysRange boot_blob;
    PhysRange frame_map;
};

// Once, at boot, before anything allocates. The caller panics on an error: without it the kernel
// has no memory to run on.
Result<void> init(const BootInfo& info);

// The allocator itself, unlocked: for its statistics, and for code that runs while no other CPU
// can allocate (init, single-threaded tests). Everything else uses the locked calls below.
FrameAllocator& frames();

// Locked (any CPU, interrupts on or off): blocks of 2^order frames, runs for DMA, single frames.
Result<PhysAddr> allocate(unsigned order);
Result<void> free(PhysAddr block, unsigned order);
Result<PhysAddr> allocate_contiguous(uint64_t count);
Result<void> free_contiguous(PhysAddr block, uint64_t count);
Result<PhysAddr> allocate_frame();
Result<void> free_frame(PhysAddr frame);

// The usable ranges given to the allocator (the frame map already cut out).
const PhysicalMap& map();
Stats stats();
const Reservations& reservations();

// One line for the boot log: usable, reserved and by whom, free frames.
void print_summary();

} // namespace mica::physical_memory
