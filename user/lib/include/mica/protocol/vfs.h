#pragma once
// The filesystem service's IPC protocol: what user/fs/vfs serves and libmica's vfs client
// (mica/vfs.h) speaks. Only the wire format lives here.
//
// Sessions. A client calls the service's unbadged endpoint with Connect, moving two handles:
// a memory object of kSharedBufferSize bytes (read, write, map, transfer), the session's shared
// buffer, and a "lifeline": a handle with wait (+transfer) to an endpoint only the client can
// receive on. The reply moves back a badged endpoint handle (write, transfer); every later
// request goes through it, so the badge names the session and no client can act in another's.
// When the client dies its receive handle to the lifeline goes and the lifeline raises
// peer_closed: the service then drops the session and its open files. It looks before it
// handles each request, so a dead client's files are released by the next request at the latest.
//
// Messages. The label (abi::ipc_info_label) is the Operation; the three register words carry
// the arguments; nothing else travels in the IPC buffer except the handles of Connect. Paths and
// data go through the shared buffer: a request's path is at offset 0 (Rename: the second path
// follows the first), Read answers and Write data are at offset 0. Every reply has label 0,
// word 0 the Status, words 1-2 the results.
//
//   Operation      words in                       words out (after the status)
//   Connect        -                              -             (+ the session handle)
//   Disconnect     -                              -
//   Open           path length, OpenFlags         file id
//   Close          file id                        -
//   Read           file id, offset, length        bytes read    (data in the buffer)
//   Write          file id, offset, length        bytes written (data from the buffer)
//   Stat           file id                        -             (StatRecord in the buffer)
//   StatPath       path length                    -             (StatRecord in the buffer)
//   ReadDirectory  file id, cookie, max bytes     entry count, next cookie (DirectoryRecords)
//   MakeDirectory  path length                    -
//   Unlink         path length                    -
//   Rename         from length, to length         -
//   Truncate       file id, new size              -
//   Sync           -                              -
//   ServerStatus   -                              sessions, open files (all sessions)
//
// Reads and writes are positional; the client keeps the seek position. A length is at most
// kSharedBufferSize. A Write either writes all its bytes or, failing, changes nothing.

#include <lib/types.h>

namespace mica::vfs::protocol {

constexpr uint64_t kSharedBufferSize = 64 * 1024;
constexpr uint64_t kMaxPathBytes = 1024; // a path as sent, and as normalised
constexpr uint64_t kMaxNameBytes = 255;  // one component, in UTF-8 bytes
constexpr uint32_t kMaxOpenFilesPerSession = 32;
constexpr uint32_t kMaxSessions = 32;

enum class Operation : uint32_t {
    Connect = 1,
    Disconnect = 2,
    Open = 3,
    Close = 4,
    Read = 5,
    Write = 6,
    Stat = 7,
    StatPath = 8,
    ReadDirectory = 9,
    MakeDirectory = 10,
    Unlink = 11,
    Rename = 12,
    Truncate = 13,
    Sync = 14,
    ServerStatus = 15,
};

enum class Status : uint64_t {
    Ok = 0,
    NotFound = 1,         // no such file or directory (or a parent is missing)
    Exists = 2,           // create+exclusive, mkdir or rename onto something already there
    NotDirectory = 3,     // a path component, or a directory-only target, is a file
    IsDirectory = 4,      // a file operation names a directory
    NotEmpty = 5,         // unlink or rename over a directory that has entries
    NoSpace = 6,          // the filesystem is full; nothing was written
    ReadOnly = 7,         // the filesystem cannot be changed (/boot, the root)
    BadPath = 8,          // not absolute, empty component rules, NUL, bad UTF-8, too deep
    TooManyOpenFiles = 9, // the session has kMaxOpenFilesPerSession open
    IoError = 10,         // the device failed
    NameTooLong = 11,     // a component over kMaxNameBytes, or a path over kMaxPathBytes
    BadFile = 12,         // the file id is not open in this session
    AccessDenied = 13,    // the file was not opened for this (read on write-only, ...)
    InvalidArgument = 14, // malformed request: unknown flags, length over the buffer
    NotConnected = 15,    // a request other than Connect without a session
    CrossMount = 16,      // rename between two filesystems
    Busy = 17,            // the target is a mount point
    TooManySessions = 18, // the service has kMaxSessions clients
    ServiceGone = 19,     // client side only: the call to the service failed (it died)
};

constexpr const char* status_name(Status status) {
    switch (status) {
    case Status::Ok: return "ok";
    case Status::NotFound: return "not found";
    case Status::Exists: return "already exists";
    case Status::NotDirectory: return "not a directory";
    case Status::IsDirectory: return "is a directory";
    case Status::NotEmpty: return "directory not empty";
    case Status::NoSpace: return "no space left";
    case Status::ReadOnly: return "read-only filesystem";
    case Status::BadPath: return "bad path";
    case Status::TooManyOpenFiles: return "too many open files";
    case Status::IoError: return "I/O error";
    case Status::NameTooLong: return "name too long";
    case Status::BadFile: return "bad file id";
    case Status::AccessDenied: return "access denied";
    case Status::InvalidArgument: return "invalid argument";
    case Status::NotConnected: return "not connected";
    case Status::CrossMount: return "cross-mount rename";
    case Status::Busy: return "mount point busy";
    case Status::TooManySessions: return "too many sessions";
    case Status::ServiceGone: return "filesystem service gone";
    }
    return "unknown status";
}

// Open's flags. A file needs Read or Write (or both); Directory opens a directory for
// ReadDirectory (and Stat) and takes no other flag. Exclusive only with Create.
namespace open_flags {
constexpr uint64_t kRead = 1u << 0;
constexpr uint64_t kWrite = 1u << 1;
constexpr uint64_t kCreate = 1u << 2;    // create the file if it is missing
constexpr uint64_t kTruncate = 1u << 3;  // cut an existing file to 0 (needs Write)
constexpr uint64_t kExclusive = 1u << 4; // with Create: fail with Exists if it is there
constexpr uint64_t kDirectory = 1u << 5; // the target must be a directory
constexpr uint64_t kAll = (1u << 6) - 1;
} // namespace open_flags

enum class NodeType : uint32_t { File = 1, Directory = 2 };

// What the times count from. The service has no wall clock yet: /tmp stamps nanoseconds since
// boot, /boot gives the archive's Unix times, and a filesystem without times says None.
enum class TimeBase : uint32_t { None = 0, UnixEpoch = 1, SinceBoot = 2 };

struct StatRecord {
    uint64_t size;
    NodeType type;
    uint32_t mode; // permission bits (0444 read-only file, 0644 writable, 0555/0755 directories)
    TimeBase time_base;
    uint32_t reserved;
    uint64_t created_ns;
    uint64_t modified_ns;
};

// ReadDirectory's records, back to back from offset 0, each at an 8-byte-aligned offset:
// the header, then name_length bytes of UTF-8 name (not terminated).
struct DirectoryRecord {
    uint64_t size;
    NodeType type;
    uint16_t name_length;
    uint16_t reserved;
};

constexpr uint64_t directory_record_bytes(uint64_t name_length) {
    return (sizeof(DirectoryRecord) + name_length + 7) & ~uint64_t(7);
}

// ReadDirectory's cookie: 0 starts a listing; a reply with 0 entries means it is complete.

} // namespace mica::vfs::protocol
