#pragma once
// The memory-mapped devices a device tree describes: every enabled node with `compatible` and
// `reg` that sits on the root or on a "simple-bus", with its first register window translated to
// a CPU physical address. Memory, CPUs and the PCIe host (listed through its functions) are left
// out. virtio-mmio slots are kept here; devmgr probes them (virtio_id) and drops empty ones.

#include <lib/fdt.h>
#include <lib/fixed_vector.h>

namespace mica::devmgr {

struct DtDevice {
    char name[40] = {};       // node name, truncated
    char compatible[40] = {}; // first `compatible` string, truncated
    uint64_t base = 0;
    uint64_t size = 0;
    bool is_virtio_mmio = false;
    uint32_t virtio_id = 0;      // filled by the probe: the DeviceID register (0: empty slot)
    uint32_t virtio_version = 0; // filled by the probe: 1 legacy, 2 modern
    uint32_t interrupt_line = 0; // the first of `interrupts` (hw/interrupts.h); 0: none
};

constexpr size_t kMaxDtDevices = 64;
using DtDevices = FixedVector<DtDevice, kMaxDtDevices>;

// Error::Full when more devices exist than fit (those found are kept).
Result<void> collect_dt_devices(const Fdt& fdt, DtDevices& devices);

} // namespace mica::devmgr
