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
    }
    return "unknown error";
}

} // namespace mica
