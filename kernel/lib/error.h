#pragma once
// Kernel-internal error codes. The ABI's flat error enum (abi/) is generated separately; these
// name what went wrong inside the kernel and its libraries.

namespace mica {

enum class Error {
    InvalidArgument,
    OutOfRange,
    NotFound,
    NoMemory,
    Malformed,     // input (a boot blob, a table, a file) does not follow its format
    Truncated,     // input ends before a structure it announces
    Unsupported,   // well-formed, but a version or feature we do not handle
    Full,          // a fixed-capacity container has no room left
    AlreadyExists, // e.g. mapping over a page that is already mapped
    TimedOut,      // a blocking call's timeout passed first
    // Capabilities and IPC (kernel/object); each maps onto the ABI status of the same name.
    BadHandle,    // not a live handle of the calling process
    WrongType,    // the handle names another type of object
    AccessDenied, // the handle lacks a right
    PeerClosed,   // the other side of an IPC or the waited-for object went away
    BadState,     // the object is in the wrong state for the request
    ShouldWait,   // would block, and the caller asked not to
    BadAddress,   // a user pointer is unmapped or not user memory
    Interrupted,  // the blocked thread's process is being killed
};

constexpr const char* error_name(Error error) {
    switch (error) {
    case Error::InvalidArgument: return "invalid argument";
    case Error::OutOfRange: return "out of range";
    case Error::NotFound: return "not found";
    case Error::NoMemory: return "out of memory";
    case Error::Malformed: return "malformed";
    case Error::Truncated: return "truncated";
    case Error::Unsupported: return "unsupported";
    case Error::Full: return "full";
    case Error::AlreadyExists: return "already exists";
    case Error::TimedOut: return "timed out";
    case Error::BadHandle: return "bad handle";
    case Error::WrongType: return "wrong object type";
    case Error::AccessDenied: return "access denied";
    case Error::PeerClosed: return "peer closed";
    case Error::BadState: return "bad state";
    case Error::ShouldWait: return "should wait";
    case Error::BadAddress: return "bad address";
    case Error::Interrupted: return "interrupted";
    }
    return "unknown error";
}

} // namespace mica
