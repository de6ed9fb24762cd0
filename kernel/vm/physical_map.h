#pragma once
// The physical memory map: which whole 4 KiB frames of RAM the kernel may hand out, computed from
// what the loader said (BootInfo). Usable regions minus everything that is not ours to reuse:
// every non-usable region, the kernel image, boot modules, the boot blob (DTB or multiboot2
// information), the framebuffer and physical page 0.
//
// Loaders disagree on how tidy their maps are. A DTB lists OpenSBI's region both inside /memory
// and under /reserved-memory; multiboot2 maps have unaligned edges (0x9fc00); entries come in any
// order. So the rule is simple and conservative: usable pages are shrunk inwards to whole
// frames, excluded ones are grown outwards, and an exclusion always wins over a usable entry.
//
// Pure logic over BootInfo: the kernel (vm/physical_memory.cpp) and the host tests share it.

#include <core/boot_info.h>
#include <lib/fixed_vector.h>
#include <lib/result.h>

namespace mica {

// Where the bytes of described RAM went; all in bytes, all multiples of the frame size.
// total == usable + firmware + kernel_image + boot_data + low_memory + unreachable.
struct PhysicalMapStats {
    uint64_t total = 0;        // RAM the loader described as usable (whole frames, overlaps once)
    uint64_t usable = 0;       // what is left in the map
    uint64_t firmware = 0;     // non-usable entries overlapping usable ones (OpenSBI, ...)
    uint64_t kernel_image = 0; // the kernel's own image, .bss and symbol table included
    uint64_t boot_data = 0;    // boot modules, the boot blob, the framebuffer
    uint64_t low_memory = 0;   // physical page 0
    uint64_t unreachable = 0;  // at or above the limit the caller can address
};

struct PhysicalMap {
    static constexpr size_t kMaxRanges = BootInfo::kMaxMemoryRegions;

    // Sorted by base, non-overlapping, non-adjacent (neighbours are merged), frame-aligned, none
    // empty, and none ending past 2^64 - 4 KiB, so base + size never wraps.
    FixedVector<PhysRange, kMaxRanges> ranges;
    PhysicalMapStats stats;
};

// Builds the map of `info` into `map`, dropping RAM at or above `limit` (the end of what the
// kernel can reach through its direct map; ~0 for no limit). Errors: Malformed for a usable
// region that wraps past 2^64 (a non-usable one that does is clipped: reserving too much is
// safe), Full when the ranges do not fit in PhysicalMap::kMaxRanges. `map` is undefined after
// an error.
Result<void> build_physical_map(const BootInfo& info, PhysAddr limit, PhysicalMap& map);

} // namespace mica
