#pragma once
// The transport a devmgr-started virtio driver was given, from its arguments and DeviceMmio
// startup handles (user/devmgr/drivers.cpp writes both):
//
//   pci <bar>:<size>...     modern virtio-pci: the first DeviceMmio handle is the function's
//                           4 KiB configuration page, then one per listed BAR
//   mmio <offset> <size>    virtio-mmio: one DeviceMmio handle of <size> bytes holding the
//                           registers at <offset>

#include <drivers/virtio/transport.h>
#include <lib/span.h>

namespace mica::virtio {

// Maps what the arguments describe; invalid_argument naming what is wrong otherwise. Call once:
// the mappings live for the rest of the process.
SysResult<Transport*> startup_transport(Span<char* const> arguments);

} // namespace mica::virtio
