#pragma once
// A bump allocator over a caller-provided buffer. The decoder keeps every table of a module
// (types, imports, functions, segments, ...) in one, and the validator takes its stacks from
// another, so neither needs a heap: a native Mica program hands in a buffer it mapped, a test a
// std::vector. Running out is an error (Error::NoMemory) the caller sees, never a crash.
// Nothing is freed one by one; reset() drops everything at once.

#include <lib/result.h>
#include <lib/span.h>
#include <new>

namespace mica::wasm {

class Arena {
public:
    Arena(void* buffer, size_t capacity)
        : m_base(static_cast<uint8_t*>(buffer)), m_capacity(capacity) {}
    Arena(const Arena&) = delete;
    Arena& operator=(const Arena&) = delete;

    // `count` value-initialised objects of a trivially destructible type.
    template <typename T>
    Result<Span<T>> allocate(size_t count) {
        static_assert(__is_trivially_destructible(T), "the arena never runs destructors");
        if (count == 0)
            return Span<T>();
        size_t start = (m_used + alignof(T) - 1) & ~(alignof(T) - 1);
        if (start > m_capacity || count > (m_capacity - start) / sizeof(T))
            return Error::NoMemory;
        T* items = reinterpret_cast<T*>(m_base + start);
        for (size_t i = 0; i < count; ++i)
            new (&items[i]) T();
        m_used = start + count * sizeof(T);
        return Span<T>(items, count);
    }

    size_t used() const { return m_used; }
    size_t capacity() const { return m_capacity; }
    void reset() { m_used = 0; }

private:
    uint8_t* m_base;
    size_t m_capacity;
    size_t m_used = 0;
};

} // namespace mica::wasm
