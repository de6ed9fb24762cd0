#include <vm/heap_fault.h>
#include <vm/heap_global.h>

namespace mica::heap {

namespace {

Heap* g_heap = nullptr;
HeapLock* g_lock = nullptr;

// Holds the installed lock (if any) for one heap operation.
class Locked {
public:
    Locked() {
        if (g_lock)
            g_lock->lock();
    }
    ~Locked() {
        if (g_lock)
            g_lock->unlock();
    }
    Locked(const Locked&) = delete;
    Locked& operator=(const Locked&) = delete;
};

} // namespace

void install(Heap* heap, HeapLock* lock) {
    g_heap = heap;
    g_lock = lock;
}

Heap* installed() { return g_heap; }

void shrink() {
    if (!g_heap)
        return;
    Locked locked;
    g_heap->shrink();
}

Result<void*> allocate(size_t size, size_t alignment) {
    if (!g_heap)
        return Error::NoMemory;
    Locked locked;
    return g_heap->allocate(size, alignment);
}

void free(void* pointer) {
    if (!pointer)
        return;
    if (!g_heap) {
        report_heap_fault(HeapFault::NotHeapMemory, pointer, "heap");
        return;
    }
    Locked locked;
    g_heap->free(pointer);
}

} // namespace mica::heap
