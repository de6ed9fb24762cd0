#pragma once
// libmica's general heap: allocate, free and resize memory of any size, and the global
// operator new/delete built on it.
//
//   void* p = mica::heap_allocate(100, 16);   // nullptr when out of memory
//   auto* thing = new Thing(...);             // out of memory: prints and ends the process
//   auto* maybe = new (std::nothrow) Thing;   // out of memory: nullptr
//
// The allocator is the kernel's (kernel/vm: Heap, SlabCache; host-tested there): 14 size classes
// up to 2016 bytes in one-page slabs, whole pages above that. Its pages come from memory objects
// mapped into this process (the SelfAddressSpace startup handle; src/mapped_page_source.h), kept
// on a sorted free list whose neighbouring runs merge when freed. A process started without that
// handle gets nullptr from every allocation.
//
// Thread-safe: one spinlock over the whole heap; a thread that finds it taken yields
// (thread_yield) rather than spinning, because the holder may be preempted on the same CPU.
//
// Misuse is loud: a free() or reallocate() of a pointer the heap did not hand out, of an
// interior pointer, or a second free() of the same pointer prints what was wrong and ends the
// process with exit code kHeapFaultExitCode. Tests can install their own handler.

#include <lib/types.h>
#include <new>
#include <vm/heap_fault.h>

namespace mica {

constexpr size_t kHeapMaxAlignment = 4096;
constexpr int kHeapFaultExitCode = 134;

// `size` bytes aligned to `alignment` (a power of two up to kHeapMaxAlignment; smaller than 16
// means 16). size 0 gives a unique minimum-size block. nullptr when out of memory or for a bad
// alignment.
void* heap_allocate(size_t size, size_t alignment = 16);

// Frees a block from heap_allocate/heap_reallocate. nullptr is ignored.
void heap_free(void* pointer);

// Resizes a block, keeping its contents up to the smaller size; may move it (the new block has
// `alignment`). nullptr allocates; size 0 frees and returns nullptr. On failure returns nullptr
// and the old block is untouched.
void* heap_reallocate(void* pointer, size_t size, size_t alignment = 16);

// The usable size of a live block (at least what was asked for).
size_t heap_block_size(const void* pointer);

struct HeapUsage {
    size_t mapped_bytes = 0; // memory mapped for the heap so far (never returned)
    size_t free_bytes = 0;   // of that, whole free pages
    size_t live_small = 0;   // live slab objects
    size_t live_large = 0;   // live page blocks
};
HeapUsage heap_usage();

// Replaces the handler misuse is reported to (nullptr: the default, which prints and exits) and
// returns the previous one. A handler that returns leaves the heap consistent.
HeapFaultHandler heap_set_fault_handler(HeapFaultHandler handler);

} // namespace mica

// What <new> declares in a hosted C++ library; the freestanding <new> has only placement new.
namespace std {
enum class align_val_t : size_t {};
struct nothrow_t {
    explicit nothrow_t() = default;
};
extern const nothrow_t nothrow;
} // namespace std

void* operator new(size_t size, const std::nothrow_t&) noexcept;
void* operator new[](size_t size, const std::nothrow_t&) noexcept;
void* operator new(size_t size, std::align_val_t alignment, const std::nothrow_t&) noexcept;
void* operator new[](size_t size, std::align_val_t alignment, const std::nothrow_t&) noexcept;
