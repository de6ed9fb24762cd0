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
#include <new>

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

template <typename T>
class [[nodiscard]] SysResult {
public:
    SysResult(const T& value) : m_has_value(true) { new (&m_value) T(value); }
    SysResult(T&& value) : m_has_value(true) { new (&m_value) T(move(value)); }
    SysResult(SysError error) : m_error(error), m_has_value(false) {}

    SysResult(SysResult&& other) : m_has_value(other.m_has_value) {
        if (m_has_value)
            new (&m_value) T(move(other.m_value));
        else
            m_error = other.m_error;
    }
    SysResult(const SysResult&) = delete;
    SysResult& operator=(const SysResult&) = delete;
    ~SysResult() {
        if (m_has_value)
            m_value.~T();
    }

    bool is_ok() const { return m_has_value; }
    bool is_error() const { return !m_has_value; }
    explicit operator bool() const { return m_has_value; }

    T& value() & { return m_value; }
    const T& value() const& { return m_value; }
    T release_value() { return move(m_value); }
    SysError error() const { return m_error; }

private:
    union {
        T m_value;
        SysError m_error;
    };
    bool m_has_value;
};

template <>
class [[nodiscard]] SysResult<void> {
public:
    SysResult() = default;
    SysResult(SysError error) : m_error(error), m_has_error(true) {}

    bool is_ok() const { return !m_has_error; }
    bool is_error() const { return m_has_error; }
    explicit operator bool() const { return !m_has_error; }
    void release_value() {}
    SysError error() const { return m_error; }

private:
    SysError m_error{};
    bool m_has_error = false;
};

// Turns a syscall's status into a SysResult: `TRY(check(sys::thread_yield(), "thread_yield"))`.
inline SysResult<void> check(abi::Status status, const char* step) {
    if (status != abi::Status::Ok)
        return SysError{status, step};
    return {};
}

} // namespace mica
