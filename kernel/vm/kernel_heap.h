#pragma once
// The kernel heap set up at boot: a Heap whose pages come from the frame allocator through the
// direct map, installed as mica::heap, with misuse reported by a panic.

#include <lib/result.h>
#include <vm/heap.h>

namespace mica::kernel_heap {

// Once, after physical_memory::init().
void init();

// Frames the heap currently holds from the frame allocator (whole buddy blocks).
uint64_t pages_in_use();

} // namespace mica::kernel_heap
