#include <arch/mmu.h>
#include <core/console.h>
#include <core/layout.h>
#include <core/spinlock.h>
#include <lib/align.h>
#include <vm/physical_memory.h>

namespace mica::physical_memory {

namespace {

// Every allocation and free below takes g_lock (interrupts masked while held). frames() hands
// out the allocator itself, for statistics and for init-time and single-threaded test use only.
SpinLock g_lock;
FrameAllocator g_allocator; // not constinit: its free-list heads are left to init()
constinit PhysicalMap g_map;
constinit Stats g_stats;
constinit Reservations g_reservations;

// Takes `bytes` (whole frames) from the top of the largest usable range and removes them from
// the map: the FrameInfo array must live in RAM nobody else will be given.
Result<PhysRange> carve_from_largest(PhysicalMap& map, uint64_t bytes) {
    size_t largest = 0;
    for (size_t i = 1; i < map.ranges.size(); ++i) {
        if (map.ranges[i].size > map.ranges[largest].size)
            largest = i;
    }
    if (map.ranges.is_empty() || map.ranges[largest].size < bytes)
        return Error::NoMemory;
    PhysRange& range = map.ranges[largest];
    range.size -= bytes;
    PhysRange carved{range.base + range.size, bytes};
    if (range.size == 0)
        map.ranges.remove_at(largest);
    return carved;
}

// A size for the boot log: "96 KiB" below a mebibyte, else mebibytes with one decimal
// ("126.3 MiB"), so small reservations do not read as 0.0 and gigabytes stay short. No floating
// point in the kernel.
struct Size {
    uint64_t bytes;
};

void format_value(FormatSink& sink, const Size& size) {
    uint64_t kib = (size.bytes >> 10) + ((size.bytes & 1023) != 0);
    if (kib < 1024) {
        format(sink, "{} KiB", kib);
        return;
    }
    uint64_t tenths = (kib * 10 + 512) / 1024;
    format(sink, "{}.{} MiB", tenths / 10, tenths % 10);
}

} // namespace

Result<void> init(const BootInfo& info) {
    // The frame allocator reaches its metadata and (through tests and later users) the frames
    // themselves by the direct map, so RAM it does not cover cannot be handed out.
    TRY(build_physical_map(info, kDirectMapMaxSize, g_map));
    if (g_map.ranges.is_empty())
        return Error::NoMemory;

    PhysAddr span_base = g_map.ranges[0].base;
    const PhysRange& last = g_map.ranges[g_map.ranges.size() - 1];
    uint64_t span_frames = (last.base + last.size - span_base) >> kFrameShift;
    uint64_t frame_map_bytes = align_up(FrameAllocator::metadata_bytes(span_frames), kFrameSize);
    PhysRange frame_map = TRY(carve_from_largest(g_map, frame_map_bytes));

    auto* records = static_cast<FrameInfo*>(arch::EarlyMmu::phys_to_virt(frame_map.base));
    TRY(g_allocator.init(span_base, span_frames, Span<FrameInfo>(records, span_frames)));
    for (const PhysRange& range : g_map.ranges)
        TRY(g_allocator.add_free_range(range.base, range.size));

    g_stats = {g_map.stats, frame_map_bytes, g_map.ranges.size()};
    g_reservations = {info.kernel_image, info.boot_blob, frame_map};
    return {};
}

FrameAllocator& frames() { return g_allocator; }

Result<PhysAddr> allocate(unsigned order) {
    SpinLockGuard guard(g_lock);
    return g_allocator.allocate(order);
}

Result<void> free(PhysAddr block, unsigned order) {
    SpinLockGuard guard(g_lock);
    return g_allocator.free(block, order);
}

Result<PhysAddr> allocate_contiguous(uint64_t count) {
    SpinLockGuard guard(g_lock);
    return g_allocator.allocate_contiguous(count);
}

Result<void> free_contiguous(PhysAddr block, uint64_t count) {
    SpinLockGuard guard(g_lock);
    return g_allocator.free_contiguous(block, count);
}

Result<PhysAddr> allocate_frame() { return allocate(0); }

Result<void> free_frame(PhysAddr frame) { return free(frame, 0); }

const PhysicalMap& map() { return g_map; }

Stats stats() { return g_stats; }

const Reservations& reservations() { return g_reservations; }

void print_summary() {
    const Stats& s = g_stats;
    FrameStats frames = g_allocator.stats();
    print("memory: {} usable in {} range{}, {} reserved (firmware {}, kernel {}, boot data {}, "
          "frame map {}), {} frames free",
          Size{frames.total_frames << kFrameShift}, s.ranges, s.ranges == 1 ? "" : "s",
          Size{s.reserved()}, Size{s.map.firmware + s.map.low_memory}, Size{s.map.kernel_image},
          Size{s.map.boot_data}, Size{s.frame_map}, frames.free_frames);
    if (s.map.unreachable != 0)
        print(", {} beyond the direct map unused", Size{s.map.unreachable});
    println("");
}

} // namespace mica::physical_memory
