#pragma once
// Where the runtime gets memory that outlives one call: linear memories, tables, compiled code,
// instances, the interpreter's stacks. The embedder supplies it (a native Mica program maps
// pages, a host test uses malloc), so the core needs no heap of its own and every allocation can
// fail: a nullptr is reported as Error::NoMemory, or as memory.grow's -1.

#include <lib/result.h>
#include <lib/span.h>

namespace mica::wasm {

class Allocator {
public:
    // `size` bytes aligned to `alignment` (a power of two, at most 16), or nullptr.
    virtual void* allocate(size_t size, size_t alignment) = 0;
    // Gives back what allocate() returned; `size` is the size it was asked for.
    virtual void deallocate(void* pointer, size_t size) = 0;

protected:
    ~Allocator() = default;
};

// A growable array of trivially copyable items in allocator memory; the compiler's buffers and
// the store's object lists. Failure to grow is an error the caller sees.
template <typename T>
class GrowableArray {
public:
    explicit GrowableArray(Allocator& allocator) : m_allocator(&allocator) {}
    GrowableArray(const GrowableArray&) = delete;
    GrowableArray& operator=(const GrowableArray&) = delete;
    ~GrowableArray() { release(); }

    Result<void> append(const T& item) {
        if (m_size == m_capacity)
            TRY(reserve(m_capacity ? m_capacity * 2 : 16));
        m_items[m_size++] = item;
        return {};
    }
    Result<void> reserve(size_t capacity) {
        if (capacity <= m_capacity)
            return {};
        if (capacity > ~size_t{0} / sizeof(T))
            return Error::NoMemory;
        auto* items = static_cast<T*>(m_allocator->allocate(capacity * sizeof(T), alignof(T)));
        if (!items)
            return Error::NoMemory;
        size_t size = m_size;
        if (size)
            __builtin_memcpy(static_cast<void*>(items), m_items, size * sizeof(T));
        release();
        m_items = items;
        m_capacity = capacity;
        m_size = size;
        return {};
    }
    void release() {
        if (m_items)
            m_allocator->deallocate(m_items, m_capacity * sizeof(T));
        m_items = nullptr;
        m_capacity = 0;
        m_size = 0;
    }
    // Drops items from the end (the compiler un-emits a fused instruction this way).
    void shrink(size_t size) {
        if (size < m_size)
            m_size = size;
    }
    void clear() { m_size = 0; }

    T* data() { return m_items; }
    const T* data() const { return m_items; }
    size_t size() const { return m_size; }
    bool is_empty() const { return m_size == 0; }
    T& operator[](size_t i) { return m_items[i]; }
    const T& operator[](size_t i) const { return m_items[i]; }
    T& last() { return m_items[m_size - 1]; }

private:
    Allocator* m_allocator;
    T* m_items = nullptr;
    size_t m_size = 0;
    size_t m_capacity = 0;
};

} // namespace mica::wasm
