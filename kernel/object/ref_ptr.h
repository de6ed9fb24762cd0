#pragma once
// Reference counting for kernel objects: RefCounted holds the count, RefPtr<T> owns one
// reference. The object is destroyed (heap::destroy) when the last reference goes, from whichever
// thread drops it, so destructors must not need a particular context beyond "thread context,
// interrupts enabled".

#include <lib/atomic.h>
#include <lib/utility.h>
#include <vm/heap_global.h>

namespace mica {

class RefCounted {
public:
    RefCounted(const RefCounted&) = delete;
    RefCounted& operator=(const RefCounted&) = delete;

    void add_ref() { m_references.fetch_add(1, MemoryOrder::Relaxed); }
    // True when this dropped the last reference; the caller destroys the object.
    bool release() { return m_references.fetch_sub(1, MemoryOrder::AcquireRelease) == 1; }
    uint32_t reference_count() const { return m_references.load(MemoryOrder::Relaxed); }

protected:
    RefCounted() = default;
    ~RefCounted() = default;

private:
    Atomic<uint32_t> m_references{1}; // the creator's
};

template <typename T>
class RefPtr {
public:
    constexpr RefPtr() = default;
    constexpr RefPtr(decltype(nullptr)) {}
    // Takes over a reference the caller already owns (a new object's first one).
    static RefPtr adopt(T* object) { return RefPtr(object, Adopt{}); }
    // Takes a new reference to an object someone else keeps alive.
    explicit RefPtr(T* object) : m_object(object) {
        if (m_object)
            m_object->add_ref();
    }
    RefPtr(const RefPtr& other) : RefPtr(other.m_object) {}
    RefPtr(RefPtr&& other) : m_object(other.leak()) {}
    template <typename U>
    RefPtr(RefPtr<U>&& other) : m_object(other.leak()) {}
    template <typename U>
    RefPtr(const RefPtr<U>& other) : RefPtr(other.get()) {}
    ~RefPtr() { reset(); }

    RefPtr& operator=(RefPtr other) {
        swap(m_object, other.m_object);
        return *this;
    }

    void reset() {
        T* object = leak();
        if (object && object->release())
            heap::destroy(object);
    }
    // Gives the reference up without dropping it (adopt() takes it back).
    [[nodiscard]] T* leak() {
        T* object = m_object;
        m_object = nullptr;
        return object;
    }

    T* get() const { return m_object; }
    T* operator->() const { return m_object; }
    T& operator*() const { return *m_object; }
    explicit operator bool() const { return m_object != nullptr; }
    bool operator==(const RefPtr& other) const { return m_object == other.m_object; }

private:
    struct Adopt {};
    RefPtr(T* object, Adopt) : m_object(object) {}

    T* m_object = nullptr;
};

// Creates a T on the kernel heap holding its first reference.
template <typename T, typename... Args>
Result<RefPtr<T>> make_ref(Args&&... args) {
    T* object = TRY(heap::make<T>(forward<Args>(args)...));
    return RefPtr<T>::adopt(object);
}

} // namespace mica
