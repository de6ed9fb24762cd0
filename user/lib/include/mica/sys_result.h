#pragma once
// SysResult<T>: a value or a SysError, libmica's counterpart of the kernel library's Result<T>
// (kernel/lib/result.h). The kernel library's Error names what went wrong inside a parser; a
// program that talks to the kernel also needs the ABI status a syscall returned and which step
// failed, so that one printed line explains the failure:
//
//   auto process = TRY(mica::spawn("hello", file));      // TRY() works on both result types
//   ...
//   mica::println("init: cannot start hello: {}", result.error());
//   // -> "init: cannot start hello: process_create: unsupported"

#include <abi/mica_abi.h>
#include <lib/error.h>
#include <lib/format.h>
#include <lib/result.h>
#include <lib/utility.h>

namespace mica {

struct SysError {
    abi::Status status;
    const char* step;             // static text: the syscall or step that failed
    const char* detail = nullptr; // static text or nullptr: e.g. why parse_elf refused a file
};

// "step: status (detail)"
void format_value(FormatSink& sink, const SysError& error);

// The ABI status closest to a kernel library error: the same name where the ABI has one,
// otherwise Malformed and Truncated input become invalid_argument, a full container
// no_resources, and Interrupted (the process is being killed) peer_closed.
abi::Status status_for(Error error);

// The kernel library's result template with a SysError: TRY() passes either kind up.
template <typename T>
using SysResult = ResultOf<T, SysError>;

// Turns a syscall's status into a SysResult: `TRY(check(sys::thread_yield(), "thread_yield"))`.
inline SysResult<void> check(abi::Status status, const char* step) {
    if (status != abi::Status::Ok)
        return SysError{status, step};
    return {};
}

} // namespace mica
