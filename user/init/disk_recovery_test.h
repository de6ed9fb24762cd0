#pragma once
// The driver-restart test on the filesystem (issue 7): data the filesystem service acknowledged
// survives the death of the virtio-blk driver under it. Init runs it in test mode after the
// shell's disk script, against the same filesystem service: write and sync a file on /disk, have
// devmgr kill every block driver, then read the file back through the service (which reconnects
// through devmgr to the restarted driver and mounts the volume again from the disk), write and
// sync once more, and remove both files so the host's check of the image
// (tools/test/disk_check.sh) sees the tree the script left.

#include <mica/handle.h>

namespace mica::init {

// `filesystem` and `devmgr` are borrowed endpoints. Prints its verdict; true when it passed.
bool run_disk_recovery_test(abi::Handle filesystem, abi::Handle devmgr);

} // namespace mica::init
