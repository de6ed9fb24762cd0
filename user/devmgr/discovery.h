#pragma once
// Finding the devices: the PCIe host from the platform description, its functions (with BARs
// assigned where no firmware did), and the device tree's memory-mapped devices.

#include <devmgr/ecam.h>
#include <devmgr/hw/dt_devices.h>
#include <devmgr/hw/pci_enumerate.h>
#include <devmgr/platform.h>

namespace mica::devmgr {

struct Devices {
    Optional<PciHost> pci_host;
    EcamConfigSpace* config = nullptr; // set when pci_host is
    PciFunctions pci;
    DtDevices dt;
};

// Problems with one part (no PCIe host, an unreadable table) are printed and leave that part
// empty; the rest is still found.
void discover(abi::Handle resource, const PlatformBlob& platform, Devices& devices);

} // namespace mica::devmgr
