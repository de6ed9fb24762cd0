#include <lib/align.h>
#include <object/mmio_range.h>
#include <vm/page_table_format.h>
#include <vm/physical_memory.h>

namespace mica {

namespace {

bool overlaps(PhysAddr base, uint64_t size, PhysRange range) {
    return range.size && base < range.base + range.size && range.base < base + size;
}

// RAM the kernel hands out, and the kernel's own image and boot data, are never device memory.
bool touches_kernel_memory(PhysAddr base, uint64_t size) {
    for (const PhysRange& range : physical_memory::map().ranges) {
        if (overlaps(base, size, range))
            return true;
    }
    const physical_memory::Reservations& reserved = physical_memory::reservations();
    return overlaps(base, size, reserved.kernel_image) ||
           overlaps(base, size, reserved.boot_blob) || overlaps(base, size, reserved.frame_map);
}

} // namespace

Result<RefPtr<MmioRange>> MmioRange::create(PhysAddr base, uint64_t size) {
    if (size == 0 || !is_aligned(base, kPageSize) || !is_aligned(size, kPageSize) ||
        base + size < base)
        return Error::InvalidArgument;
    if (touches_kernel_memory(base, size))
        return Error::AccessDenied;
    return make_ref<MmioRange>(base, size);
}

} // namespace mica
