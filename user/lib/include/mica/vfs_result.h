#pragma once
// VfsResult<T>: a value or a filesystem Status (mica/protocol/vfs.h). The filesystem service and
// libmica's vfs client both return these, so an error keeps its filesystem meaning ("not a
// directory") all the way from the service to the program. TRY() works on it.

#include <lib/result.h> // TRY()
#include <lib/utility.h>
#include <mica/protocol/vfs.h>
#include <new>

namespace mica::vfs {

using protocol::Status;

template <typename T>
class [[nodiscard]] VfsResult {
public:
    VfsResult(const T& value) : m_has_value(true) { new (&m_value) T(value); }
    VfsResult(T&& value) : m_has_value(true) { new (&m_value) T(move(value)); }
    VfsResult(Status error) : m_error(error), m_has_value(false) {}

    VfsResult(VfsResult&& other) : m_has_value(other.m_has_value) {
        if (m_has_value)
            new (&m_value) T(move(other.m_value));
        else
            m_error = other.m_error;
    }
    VfsResult(const VfsResult&) = delete;
    VfsResult& operator=(const VfsResult&) = delete;
    ~VfsResult() {
        if (m_has_value)
            m_value.~T();
    }

    bool is_ok() const { return m_has_value; }
    bool is_error() const { return !m_has_value; }
    explicit operator bool() const { return m_has_value; }

    T& value() & { return m_value; }
    const T& value() const& { return m_value; }
    T release_value() { return move(m_value); }
    Status error() const { return m_error; }
    // Ok or the error: for tests and for code that only wants the status.
    Status status() const { return m_has_value ? Status::Ok : m_error; }

private:
    union {
        T m_value;
        Status m_error;
    };
    bool m_has_value;
};

template <>
class [[nodiscard]] VfsResult<void> {
public:
    VfsResult() = default;
    VfsResult(Status error) : m_error(error) {}

    bool is_ok() const { return m_error == Status::Ok; }
    bool is_error() const { return m_error != Status::Ok; }
    explicit operator bool() const { return is_ok(); }
    void release_value() {}
    Status error() const { return m_error; }
    Status status() const { return m_error; }

private:
    Status m_error = Status::Ok;
};

} // namespace mica::vfs
