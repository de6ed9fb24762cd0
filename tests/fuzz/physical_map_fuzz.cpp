// libFuzzer target for the physical memory map (kernel/vm/physical_map.cpp): any memory map,
// kernel image, module list and boot blob a loader might report must give an error or a map that
// keeps its promises (sorted, frame-aligned, no wrap, nothing excluded, stats that add up).
// Violations trap, so the fuzzer reports them like a crash.

#include <vm/frame_allocator.h>
#include <vm/physical_map.h>

#include <stddef.h>
#include <stdint.h>
#include <string.h>

using namespace mica;

namespace {

class Input {
public:
    Input(const uint8_t* data, size_t size) : m_data(data), m_size(size) {}
    bool is_empty() const { return m_size == 0; }

    uint8_t byte() {
        if (m_size == 0)
            return 0;
        --m_size;
        return *m_data++;
    }
    uint64_t raw() {
        uint64_t value = 0;
        size_t count = m_size < 8 ? m_size : 8;
        memcpy(&value, m_data, count);
        m_data += count;
        m_size -= count;
        return value;
    }
    // Mostly small, unaligned-at-1-KiB addresses that collide often; sometimes any 64-bit value,
    // so ranges near 2^64 and wrapping ones come up too.
    uint64_t address(bool wide) {
        if (wide)
            return raw();
        uint32_t value = 0;
        for (int i = 0; i < 3; ++i)
            value = value << 8 | byte();
        return uint64_t(value) << 10;
    }

private:
    const uint8_t* m_data;
    size_t m_size;
};

PhysRange range(Input& input) {
    uint8_t flags = input.byte();
    return {input.address(flags & 1), input.address(flags & 2)};
}

bool overlaps(const PhysRange& a, PhysAddr base, uint64_t size) {
    if (size == 0)
        return false;
    PhysAddr end = size > ~base ? ~uint64_t{0} : base + size;
    return a.base < end && base < a.base + a.size;
}

void check(bool ok) {
    if (!ok)
        __builtin_trap();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    Input input(data, size);
    BootInfo info;
    PhysAddr limit = input.byte() & 1 ? input.address(false) : ~PhysAddr{0};
    info.kernel_image = range(input);
    info.boot_blob = range(input);
    while (!input.is_empty()) {
        uint8_t what = input.byte();
        PhysRange next = range(input);
        if (what % 8 == 7)
            (void)info.modules.try_append({next.base, next.size, ""});
        else
            (void)info.memory.try_append({next.base, next.size, MemoryKind(what % 8 % 5)});
    }

    static PhysicalMap map; // 2 KiB; static keeps the fuzzer's stack frame small
    if (build_physical_map(info, limit, map).is_error())
        return 0;

    uint64_t usable = 0;
    PhysAddr previous_end = 0;
    for (const PhysRange& r : map.ranges) {
        check(r.base % kFrameSize == 0 && r.size % kFrameSize == 0 && r.size != 0);
        check(r.size <= ~r.base - (kFrameSize - 1));
        check(r.base != 0 && (previous_end == 0 || r.base > previous_end));
        check(r.base + r.size <= (limit & ~(kFrameSize - 1)) || limit == ~PhysAddr{0});
        previous_end = r.base + r.size;
        usable += r.size;
        for (const MemoryRegion& region : info.memory)
            check(region.kind == MemoryKind::Usable || !overlaps(r, region.base, region.size));
        for (const BootModule& module : info.modules)
            check(!overlaps(r, module.base, module.size));
        check(!overlaps(r, info.kernel_image.base, info.kernel_image.size));
        check(!overlaps(r, info.boot_blob.base, info.boot_blob.size));
        // Each end lies inside some usable region the loader reported.
        bool base_in = false, last_in = false;
        for (const MemoryRegion& region : info.memory) {
            if (region.kind != MemoryKind::Usable)
                continue;
            base_in |= overlaps({r.base, 1}, region.base, region.size);
            last_in |= overlaps({r.base + r.size - 1, 1}, region.base, region.size);
        }
        check(base_in && last_in);
    }
    const PhysicalMapStats& s = map.stats;
    check(s.usable == usable);
    check(s.total ==
          s.usable + s.firmware + s.kernel_image + s.boot_data + s.low_memory + s.unreachable);
    return 0;
}
