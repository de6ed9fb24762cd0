#pragma once
// Optional<T> for trivially copyable values (addresses, small records).

#include <lib/utility.h>

namespace mica {

template <typename T>
class Optional {
public:
    constexpr Optional() = default;
    constexpr Optional(const T& value) : m_value(value), m_has_value(true) {}

    constexpr bool has_value() const { return m_has_value; }
    constexpr explicit operator bool() const { return m_has_value; }
    constexpr const T& value() const { return m_value; }
    constexpr T& value() { return m_value; }
    constexpr const T* operator->() const { return &m_value; }
    constexpr T value_or(T fallback) const { return m_has_value ? m_value : fallback; }

private:
    T m_value{};
    bool m_has_value = false;
};

} // namespace mica
