#pragma once
// The WASI errno a module sees for each filesystem service status (pure: host-tested in
// tests/host/wasm_run_vfs_errno_test.cpp).

#include <mica/protocol/vfs.h>
#include <wasm/wasi/types.h>

namespace mica::wasm_run {

constexpr wasm::wasi::Errno errno_from_vfs(vfs::protocol::Status status) {
    using wasm::wasi::Errno;
    using Status = vfs::protocol::Status;
    switch (status) {
    case Status::Ok: return Errno::Success;
    case Status::NotFound: return Errno::NoEntry;
    case Status::Exists: return Errno::Exist;
    case Status::NotDirectory: return Errno::NotDirectory;
    case Status::IsDirectory: return Errno::IsDirectory;
    case Status::NotEmpty: return Errno::NotEmpty;
    case Status::NoSpace: return Errno::NoSpace;
    case Status::ReadOnly: return Errno::ReadOnlyFs;
    case Status::BadPath: return Errno::Invalid;
    case Status::TooManyOpenFiles: return Errno::TooManyFiles;
    case Status::NameTooLong: return Errno::NameTooLong;
    case Status::BadFile: return Errno::BadFd;
    case Status::AccessDenied: return Errno::Access;
    case Status::InvalidArgument: return Errno::Invalid;
    case Status::CrossMount: return Errno::CrossDevice;
    case Status::Busy: return Errno::Busy;
    // The device failed, or the service did (gone, full of sessions, our session lost): to the
    // module all of these are an I/O error on a file it had every right to use.
    case Status::IoError:
    case Status::NotConnected:
    case Status::TooManySessions:
    case Status::ServiceGone: return Errno::Io;
    }
    return Errno::Io; // a status newer than this table
}

} // namespace mica::wasm_run
