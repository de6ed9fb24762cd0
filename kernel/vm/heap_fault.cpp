#include <vm/heap_fault.h>

namespace mica {

namespace {

[[noreturn]] void trap_on_heap_fault(const HeapFaultReport&) { __builtin_trap(); }

HeapFaultHandler g_handler = trap_on_heap_fault;

} // namespace

const char* heap_fault_name(HeapFault fault) {
    switch (fault) {
    case HeapFault::NotHeapMemory: return "free of a pointer the heap did not hand out";
    case HeapFault::WrongCache: return "free of an object through the wrong slab cache";
    case HeapFault::NotAnObject: return "free of a pointer that is not the start of an object";
    case HeapFault::DoubleFree: return "double free";
    case HeapFault::NotAllocated: return "free of a large block that is not allocated";
    case HeapFault::UseAfterFree: return "write to freed memory";
    case HeapFault::FreeListCorrupted: return "corrupted free list";
    }
    return "unknown heap fault";
}

HeapFaultHandler set_heap_fault_handler(HeapFaultHandler handler) {
    HeapFaultHandler previous = g_handler;
    g_handler = handler ? handler : trap_on_heap_fault;
    return previous;
}

void report_heap_fault(HeapFault fault, const void* pointer, const char* cache) {
    g_handler(HeapFaultReport{fault, pointer, cache});
}

} // namespace mica
