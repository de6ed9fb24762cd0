#include <vm/heap_fault.h>
#include <vm/heap_global.h>

namespace mica::heap {

namespace {

Heap* g_heap = nullptr;

} // namespace

void install(Heap* heap) { g_heap = heap; }

Heap* installed() { return g_heap; }

Result<void*> allocate(size_t size, size_t alignment) {
    if (!g_heap)
        return Error::NoMemory;
    return g_heap->allocate(size, alignment);
}

void free(void* pointer) {
    if (!pointer)
        return;
    if (!g_heap) {
        report_heap_fault(HeapFault::NotHeapMemory, pointer, "heap");
        return;
    }
    g_heap->free(pointer);
}

} // namespace mica::heap
