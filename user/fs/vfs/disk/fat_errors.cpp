#include "fat_errors.h"

#include <fs/fat32/problem.h>

namespace mica::vfs::disk {

using protocol::Status;
namespace fat32 = fs::fat32;

Status vfs_status_for(Error error) {
    switch (error) {
    case Error::NotFound: return Status::NotFound;
    case Error::AlreadyExists: return Status::Exists;
    case fat32::kNoSpace: return Status::NoSpace;
    case fat32::kNotDirectory: return Status::NotDirectory;
    case fat32::kNotEmpty: return Status::NotEmpty;
    // A read-only file: the volume itself is mounted read-write.
    case fat32::kReadOnly: return Status::AccessDenied;
    case fat32::kBadName: return Status::BadPath;
    // Anything else means the disk's contents or the device let the library down: corrupt
    // structures (Malformed, Truncated, OutOfRange), a failed request, no memory.
    default: return Status::IoError;
    }
}

} // namespace mica::vfs::disk
