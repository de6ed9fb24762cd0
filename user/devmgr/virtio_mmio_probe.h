#pragma once
// Which virtio-mmio slots have a device behind them: QEMU's virt machines declare 32 (aarch64) or
// 8 (riscv64) slots in the device tree whether or not a device is plugged in. Virtio 1.2, 4.2.2:
// MagicValue (0x000) reads "virt", Version (0x004) 1 (legacy) or 2, DeviceID (0x008) 0 for an
// empty slot.

#include <devmgr/hw/dt_devices.h>
#include <mica/sys_result.h>

namespace mica::devmgr {

// Fills virtio_id of every virtio-mmio entry (0 where no device answers).
SysResult<void> probe_virtio_mmio(abi::Handle resource, DtDevices& devices);

} // namespace mica::devmgr
