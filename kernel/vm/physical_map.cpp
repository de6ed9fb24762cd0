#include <vm/frame_allocator.h>
#include <vm/physical_map.h>

namespace mica {

namespace {

// Work in frame numbers: an exclusive end of 2^64 (a region clipped at the top of the address
// space) is then 2^52 and representable, which byte addresses are not.
struct FrameRange {
    uint64_t first = 0;
    uint64_t end = 0; // exclusive
};

using FrameRanges = FixedVector<FrameRange, PhysicalMap::kMaxRanges>;

constexpr uint64_t kFrameNumberLimit = uint64_t{1} << (64 - kFrameShift);

bool wraps(PhysAddr base, uint64_t size) { return size > ~uint64_t{0} - base; }

// The whole frames inside [base, base + size): usable memory shrinks inwards.
FrameRange inner_frames(PhysAddr base, uint64_t size) {
    uint64_t first = (base >> kFrameShift) + ((base & (kFrameSize - 1)) != 0);
    uint64_t end = (base + size) >> kFrameShift;
    return {first, end > first ? end : first};
}

// Every frame [base, base + size) touches: exclusions grow outwards. A region that wraps is
// clipped at the top of the address space.
FrameRange outer_frames(PhysAddr base, uint64_t size) {
    uint64_t first = base >> kFrameShift;
    if (wraps(base, size))
        return {first, kFrameNumberLimit};
    PhysAddr end = base + size;
    return {first, (end >> kFrameShift) + ((end & (kFrameSize - 1)) != 0)};
}

Result<void> insert_at(FrameRanges& ranges, size_t index, FrameRange range) {
    TRY(ranges.try_append(range));
    for (size_t i = ranges.size() - 1; i > index; --i)
        ranges[i] = ranges[i - 1];
    ranges[index] = range;
    return {};
}

// Removes `cut` from the sorted ranges, keeping them sorted; returns how many frames it removed.
// Full when cutting a hole in the middle of a range needs one more slot than there is.
Result<uint64_t> subtract(FrameRanges& ranges, FrameRange cut) {
    uint64_t removed = 0;
    if (cut.end <= cut.first)
        return removed;
    for (size_t i = 0; i < ranges.size();) {
        FrameRange& range = ranges[i];
        if (range.end <= cut.first || range.first >= cut.end) {
            ++i;
            continue;
        }
        bool keep_left = range.first < cut.first;
        bool keep_right = cut.end < range.end;
        uint64_t overlap_first = keep_left ? cut.first : range.first;
        uint64_t overlap_end = keep_right ? cut.end : range.end;
        removed += overlap_end - overlap_first;
        if (keep_left && keep_right) {
            FrameRange right{cut.end, range.end};
            range.end = cut.first;
            TRY(insert_at(ranges, i + 1, right));
            i += 2;
        } else if (keep_left) {
            range.end = cut.first;
            ++i;
        } else if (keep_right) {
            range.first = cut.end;
            ++i;
        } else {
            ranges.remove_at(i);
        }
    }
    return removed;
}

Result<void> subtract_into(FrameRanges& ranges, PhysAddr base, uint64_t size, uint64_t& counter) {
    if (size == 0)
        return {};
    counter += TRY(subtract(ranges, outer_frames(base, size))) << kFrameShift;
    return {};
}

// Usable regions as sorted frame ranges, overlapping and adjacent ones merged.
Result<void> collect_usable(const BootInfo& info, FrameRanges& ranges) {
    for (const MemoryRegion& region : info.memory) {
        if (region.kind != MemoryKind::Usable || region.size == 0)
            continue;
        if (wraps(region.base, region.size))
            return Error::Malformed;
        FrameRange range = inner_frames(region.base, region.size);
        if (range.end == range.first)
            continue;
        // Insertion sort: a few dozen entries at most, and no library to call.
        size_t index = ranges.size();
        while (index > 0 && ranges[index - 1].first > range.first)
            --index;
        TRY(insert_at(ranges, index, range));
    }
    size_t kept = 0;
    for (size_t i = 0; i < ranges.size(); ++i) {
        if (kept > 0 && ranges[i].first <= ranges[kept - 1].end) {
            if (ranges[i].end > ranges[kept - 1].end)
                ranges[kept - 1].end = ranges[i].end;
        } else {
            ranges[kept++] = ranges[i];
        }
    }
    while (ranges.size() > kept)
        ranges.remove_at(ranges.size() - 1);
    return {};
}

uint64_t frame_bytes(const FrameRanges& ranges) {
    uint64_t frames = 0;
    for (const FrameRange& range : ranges)
        frames += range.end - range.first;
    return frames << kFrameShift;
}

} // namespace

Result<void> build_physical_map(const BootInfo& info, PhysAddr limit, PhysicalMap& map) {
    FrameRanges ranges; // 2 KiB of stack, once, early at boot: small next to the boot stacks
    map.ranges.clear();
    map.stats = {};
    PhysicalMapStats& stats = map.stats;

    TRY(collect_usable(info, ranges));
    stats.total = frame_bytes(ranges);

    stats.unreachable += TRY(subtract(ranges, {limit >> kFrameShift, kFrameNumberLimit}))
                         << kFrameShift;
    for (const MemoryRegion& region : info.memory) {
        if (region.kind != MemoryKind::Usable)
            TRY(subtract_into(ranges, region.base, region.size, stats.firmware));
    }
    TRY(subtract_into(ranges, info.kernel_image.base, info.kernel_image.size, stats.kernel_image));
    for (const BootModule& module : info.modules)
        TRY(subtract_into(ranges, module.base, module.size, stats.boot_data));
    TRY(subtract_into(ranges, info.boot_blob.base, info.boot_blob.size, stats.boot_data));
    if (info.framebuffer) {
        const Framebuffer& framebuffer = info.framebuffer.value();
        TRY(subtract_into(ranges, framebuffer.base,
                          uint64_t(framebuffer.pitch) * framebuffer.height, stats.boot_data));
    }
    // Physical 0 doubles as "no frame", and on x86 page 0 holds the real-mode IVT and BDA.
    TRY(subtract_into(ranges, 0, kFrameSize, stats.low_memory));

    for (const FrameRange& range : ranges)
        TRY(map.ranges.try_append(
            {range.first << kFrameShift, (range.end - range.first) << kFrameShift}));
    stats.usable = frame_bytes(ranges);
    return {};
}

} // namespace mica
