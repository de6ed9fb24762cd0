#pragma once
// The device list in its one stable text form, one device per line (what devmgr prints at boot,
// serves over its endpoint and `lsdev` shows):
//
//   pci 00:02.0 1af4:1042 class 01.00.00 virtio-blk
//   mmio 0x0a003e00 virtio,mmio virtio-blk
//   mmio 0x0a003c00 virtio,mmio virtio-rng legacy     (a version 1 virtio-mmio device)
//   mmio 0x09000000 arm,pl011 pl011@9000000
//
// PCI functions come first in bus order, then device-tree devices in tree order; empty
// virtio-mmio slots are not devices and are left out.

#include <devmgr/hw/dt_devices.h>
#include <devmgr/hw/pci_enumerate.h>
#include <lib/format.h>

namespace mica::devmgr {

void format_pci_function(FormatSink& sink, const PciFunction& function);
void format_dt_device(FormatSink& sink, const DtDevice& device);
// Every line, each ending in '\n'.
void format_device_list(FormatSink& sink, const PciFunctions& pci, const DtDevices& dt);

} // namespace mica::devmgr
