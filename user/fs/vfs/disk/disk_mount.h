#pragma once
// Finding and mounting the data disk for /disk: the first block device devmgr offers whose
// first FAT partition (GPT or MBR; user/fs/partition) or, without a partition table, whole
// device holds a FAT32 volume. The volume is mounted read-write.

#include "fat_fs.h"

namespace mica::vfs::disk {

struct MountedDisk {
    FatFs* fs = nullptr;
    uint64_t device_index = 0;
    uint64_t first_block = 0; // of the volume, on the device
    uint64_t block_count = 0;
};

// Tries block devices 0, 1, ... until devmgr has no more. Prints why each candidate was passed
// over; false if none holds a FAT32 volume (nothing is mounted then).
bool mount_disk(abi::Handle devmgr, abi::IpcBuffer& ipc, MountedDisk& out);

} // namespace mica::vfs::disk
