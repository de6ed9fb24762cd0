#pragma once
// A non-owning view of contiguous objects with bounds-checked sub-views.

#include <lib/types.h>

namespace mica {

template <typename T>
class Span {
public:
    constexpr Span() = default;
    constexpr Span(T* data, size_t size) : m_data(data), m_size(size) {}
    template <size_t N>
    constexpr Span(T (&array)[N]) : m_data(array), m_size(N) {}

    constexpr T* data() const { return m_data; }
    constexpr size_t size() const { return m_size; }
    constexpr bool is_empty() const { return m_size == 0; }
    constexpr T& operator[](size_t i) const { return m_data[i]; }
    constexpr T* begin() const { return m_data; }
    constexpr T* end() const { return m_data + m_size; }

    // Clamped to the span: asking past the end yields a shorter (possibly empty) view.
    constexpr Span subspan(size_t offset, size_t count = ~size_t{0}) const {
        if (offset > m_size)
            return {};
        size_t available = m_size - offset;
        return Span(m_data + offset, count < available ? count : available);
    }

private:
    T* m_data = nullptr;
    size_t m_size = 0;
};

using Bytes = Span<const uint8_t>;

} // namespace mica
