#include <devmgr/virtio_mmio_probe.h>
#include <drivers/support/mmio.h>
#include <mica/layout.h>

namespace mica::devmgr {

namespace {
constexpr uint32_t kMagic = 0x7472'6976; // "virt", little-endian
}

SysResult<void> probe_virtio_mmio(abi::Handle resource, DtDevices& devices) {
    // Slots are 0x200 apart on aarch64: several share a page, which is mapped once.
    driver::MmioMapping page;
    uint64_t page_base = ~0ull;
    for (DtDevice& device : devices) {
        if (!device.is_virtio_mmio)
            continue;
        uint64_t base = layout::page_floor(device.base);
        if (base != page_base) {
            page = TRY(driver::map_physical(resource, base, layout::kPageSize));
            page_base = base;
        }
        uint64_t offset = device.base - base;
        uint32_t magic = page.read<uint32_t>(offset);
        uint32_t version = page.read<uint32_t>(offset + 4);
        bool answers = magic == kMagic && (version == 1 || version == 2);
        device.virtio_id = answers ? page.read<uint32_t>(offset + 8) : 0;
        device.virtio_version = answers ? version : 0;
    }
    return {};
}

} // namespace mica::devmgr
