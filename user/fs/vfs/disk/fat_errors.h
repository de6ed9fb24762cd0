#pragma once
// The FAT32 library's errors (fs/fat32/problem.h) as VFS statuses. The library folds "not a
// directory" and "is a directory" into one Error (WrongType); this answers NotDirectory for it
// and FatFs, which can look at the path, turns it into IsDirectory where that is the truth.

#include <lib/error.h>
#include <mica/protocol/vfs.h>

namespace mica::vfs::disk {

protocol::Status vfs_status_for(Error error);

} // namespace mica::vfs::disk
