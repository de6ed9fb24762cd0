#pragma once
// A vector with inline, fixed capacity. Used before the heap exists (BootInfo, boot parsing);
// appending to a full vector is an error the caller must handle, never a silent drop.

#include <lib/result.h>
#include <lib/span.h>

namespace mica {

template <typename T, size_t Capacity>
class FixedVector {
public:
    Result<void> try_append(const T& value) {
        if (m_size == Capacity)
            return Error::Full;
        m_items[m_size++] = value;
        return {};
    }

    void clear() { m_size = 0; }
    void remove_at(size_t index) {
        for (size_t i = index; i + 1 < m_size; ++i)
            m_items[i] = m_items[i + 1];
        --m_size;
    }

    size_t size() const { return m_size; }
    static constexpr size_t capacity() { return Capacity; }
    bool is_empty() const { return m_size == 0; }
    bool is_full() const { return m_size == Capacity; }
    T& operator[](size_t i) { return m_items[i]; }
    const T& operator[](size_t i) const { return m_items[i]; }
    T* begin() { return m_items; }
    T* end() { return m_items + m_size; }
    const T* begin() const { return m_items; }
    const T* end() const { return m_items + m_size; }
    Span<const T> span() const { return Span<const T>(m_items, m_size); }

private:
    T m_items[Capacity]{};
    size_t m_size = 0;
};

} // namespace mica
