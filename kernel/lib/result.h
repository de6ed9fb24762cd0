#pragma once
// Result<T>: a value or an Error, and TRY() to pass errors up. The kernel has no exceptions; every
// fallible function returns a Result and callers must look at it ([[nodiscard]]).

#include <lib/error.h>
#include <lib/utility.h>
#include <new>

namespace mica {

// A value of type T or an error of type E. The kernel's errors are Error; libmica's SysResult and
// the filesystem client's VfsResult are the same template with richer error types.
template <typename T, typename E>
class [[nodiscard]] ResultOf {
public:
    ResultOf(const T& value) : m_has_value(true) { new (&m_value) T(value); }
    ResultOf(T&& value) : m_has_value(true) { new (&m_value) T(move(value)); }
    ResultOf(E error) : m_error(error), m_has_value(false) {}

    ResultOf(const ResultOf& other) : m_has_value(other.m_has_value) {
        if (m_has_value)
            new (&m_value) T(other.m_value);
        else
            m_error = other.m_error;
    }
    ResultOf(ResultOf&& other) : m_has_value(other.m_has_value) {
        if (m_has_value)
            new (&m_value) T(move(other.m_value));
        else
            m_error = other.m_error;
    }
    ResultOf& operator=(const ResultOf&) = delete;
    ~ResultOf() {
        if (m_has_value)
            m_value.~T();
    }

    bool is_ok() const { return m_has_value; }
    bool is_error() const { return !m_has_value; }
    explicit operator bool() const { return m_has_value; }

    T& value() & { return m_value; }
    const T& value() const& { return m_value; }
    T&& value() && { return move(m_value); }
    T release_value() { return move(m_value); }
    E error() const { return m_error; }

    T value_or(T fallback) const { return m_has_value ? m_value : fallback; }

private:
    union {
        T m_value;
        E m_error;
    };
    bool m_has_value;
};

template <typename E>
class [[nodiscard]] ResultOf<void, E> {
public:
    ResultOf() = default;
    ResultOf(E error) : m_error(error), m_has_error(true) {}

    bool is_ok() const { return !m_has_error; }
    bool is_error() const { return m_has_error; }
    explicit operator bool() const { return !m_has_error; }
    void release_value() {}
    E error() const { return m_error; }

private:
    E m_error{};
    bool m_has_error = false;
};

template <typename T>
using Result = ResultOf<T, Error>;

} // namespace mica

// Evaluates a Result-returning expression; on error returns the error from the enclosing
// function, otherwise yields the value. Uses a GNU statement expression (clang and gcc).
#define TRY(expression)                                                                            \
    ({                                                                                             \
        auto _try_result = (expression);                                                           \
        if (_try_result.is_error())                                                                \
            return _try_result.error();                                                            \
        _try_result.release_value();                                                               \
    })
