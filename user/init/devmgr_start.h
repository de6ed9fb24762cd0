#pragma once
// Starting the driver manager (user/devmgr) with the hardware handles only it should hold.

#include <mica/boot_archive.h>
#include <mica/handle.h>

namespace mica::init {

struct DeviceManager {
    OwnedHandle process;
    OwnedHandle endpoint; // send side (write, duplicate, transfer): hand copies to clients
};

// Grants devmgr the root resource, the platform description, the boot archive (it starts the
// drivers from it) and the receive side of a new endpoint, and starts it.
SysResult<DeviceManager> start_devmgr(const BootArchive& archive);

} // namespace mica::init
