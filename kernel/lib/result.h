#pragma once
// Result<T>: a value or an Error, and TRY() to pass errors up. The kernel has no exceptions; every
// fallible function returns a Result and callers must look at it ([[nodiscard]]).

#include <lib/error.h>
#include <lib/utility.h>
#include <new>

namespace mica {

template <typename T>
class [[nodiscard]] Result {
public:
    Result(const T& value) : m_has_value(true) { new (&m_value) T(value); }
    Result(T&& value) : m_has_value(true) { new (&m_value) T(move(value)); }
    Result(Error error) : m_error(error), m_has_value(false) {}

    Result(const Result& other) : m_has_value(other.m_has_value) {
        if (m_has_value)
            new (&m_value) T(other.m_value);
        else
            m_error = other.m_error;
    }
    Result(Result&& other) : m_has_value(other.m_has_value) {
        if (m_has_value)
            new (&m_value) T(move(other.m_value));
        else
            m_error = other.m_error;
    }
    Result& operator=(const Result&) = delete;
    ~Result() {
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
    Error error() const { return m_error; }

    T value_or(T fallback) const { return m_has_value ? m_value : fallback; }

private:
    union {
        T m_value;
        Error m_error;
    };
    bool m_has_value;
};

template <>
class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Error error) : m_error(error), m_has_error(true) {}

    bool is_ok() const { return !m_has_error; }
    bool is_error() const { return m_has_error; }
    explicit operator bool() const { return !m_has_error; }
    void release_value() {}
    Error error() const { return m_error; }

private:
    Error m_error{};
    bool m_has_error = false;
};

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
