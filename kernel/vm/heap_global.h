#pragma once
// The kernel's one heap, and the way kernel code allocates: mica::heap::make<T>(...) returns a
// Result<T*>, so running out of memory is an error the caller sees.
//
// There is deliberately no global operator new in the kernel: it would have to throw or return
// null, and the kernel has neither exceptions nor callers that check for null. A plain `new T`
// therefore fails to link (undefined `operator new(unsigned long)`); use heap::make<T>() and
// heap::destroy(). Placement new (<new>) is still fine.

#include <lib/result.h>
#include <lib/utility.h>
#include <new>
#include <vm/heap.h>

namespace mica::heap {

// Boot makes `heap` the kernel heap once memory management is up. Until then every allocation
// fails with Error::NoMemory (and free() of anything but nullptr is reported).
// Serializes the one heap between CPUs. The kernel installs one built on a spinlock that also
// masks interrupts; this folder stays free of arch code (and host-testable) by taking it as an
// interface.
class HeapLock {
public:
    virtual void lock() = 0;
    virtual void unlock() = 0;

protected:
    ~HeapLock() = default;
};

void install(Heap* heap, HeapLock* lock = nullptr);
Heap* installed();
// Returns empty slabs to the page source, under the lock.
void shrink();

Result<void*> allocate(size_t size, size_t alignment = Heap::kMinAlignment);
void free(void* pointer);

template <typename T, typename... Args>
Result<T*> make(Args&&... args) {
    void* memory = TRY(allocate(sizeof(T), alignof(T)));
    return new (memory) T(forward<Args>(args)...);
}

template <typename T>
void destroy(T* object) {
    if (!object)
        return;
    object->~T();
    free(const_cast<void*>(static_cast<const void*>(object)));
}

} // namespace mica::heap
