#pragma once
// Starting the filesystem service (user/fs/vfs).

#include <mica/boot_archive.h>
#include <mica/handle.h>

namespace mica::init {

struct FilesystemService {
    OwnedHandle process;
    OwnedHandle endpoint; // send side, unbadged (write, duplicate, transfer): hand copies to
                          // clients, each of which connects a session of its own
};

// Grants the service the receive side of a new endpoint (read, write and duplicate: it badges
// a handle per session from it) and the boot archive for /boot, and starts it. It is not waited
// for: it serves for as long as the returned process handle's owner keeps it. With `devmgr` (an
// endpoint of devmgr, borrowed) it also gets a copy of that and mounts the data disk at /disk.
SysResult<FilesystemService> start_filesystem(const BootArchive& archive,
                                              abi::Handle devmgr = kInvalidHandle);

} // namespace mica::init
