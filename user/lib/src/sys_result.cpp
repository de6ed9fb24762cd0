#include <mica/sys_result.h>

namespace mica {

void format_value(FormatSink& sink, const SysError& error) {
    format(sink, "{}: {}", error.step ? error.step : "?", abi::status_name(error.status));
    if (error.detail)
        format(sink, " ({})", error.detail);
}

abi::Status status_for(Error error) {
    switch (error) {
    case Error::InvalidArgument:
    case Error::Malformed:
    case Error::Truncated: return abi::Status::InvalidArgument;
    case Error::OutOfRange: return abi::Status::OutOfRange;
    case Error::NotFound: return abi::Status::NotFound;
    case Error::NoMemory: return abi::Status::NoMemory;
    case Error::Unsupported: return abi::Status::Unsupported;
    case Error::Full: return abi::Status::NoResources;
    case Error::AlreadyExists: return abi::Status::AlreadyExists;
    case Error::TimedOut: return abi::Status::TimedOut;
    case Error::BadHandle: return abi::Status::BadHandle;
    case Error::WrongType: return abi::Status::WrongType;
    case Error::AccessDenied: return abi::Status::AccessDenied;
    case Error::PeerClosed: return abi::Status::PeerClosed;
    case Error::BadState: return abi::Status::BadState;
    case Error::ShouldWait: return abi::Status::ShouldWait;
    case Error::BadAddress: return abi::Status::BadAddress;
    case Error::Interrupted: return abi::Status::PeerClosed;
    }
    return abi::Status::InvalidArgument;
}

} // namespace mica
