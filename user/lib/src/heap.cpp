#include "mapped_page_source.h"

#include <abi/user_syscalls.h>
#include <lib/align.h>
#include <lib/atomic.h>
#include <mica/heap.h>
#include <mica/print.h>
#include <mica/startup.h>
#include <string.h>
#include <vm/heap.h>

namespace mica {

namespace {

constexpr size_t kPageSize = PageSource::kPageSize;

// The one lock over everything below. Contention yields: the holder may be a preempted thread on
// this CPU, which spinning would only keep from running.
class HeapLock {
public:
    void lock() {
        while (m_taken.exchange(true, MemoryOrder::Acquire))
            (void)sys::thread_yield();
    }
    void unlock() { m_taken.store(false, MemoryOrder::Release); }

private:
    Atomic<bool> m_taken{false};
};

class LockGuard {
public:
    explicit LockGuard(HeapLock& lock) : m_lock(lock) { m_lock.lock(); }
    ~LockGuard() { m_lock.unlock(); }
    LockGuard(const LockGuard&) = delete;
    LockGuard& operator=(const LockGuard&) = delete;

private:
    HeapLock& m_lock;
};

// Heap frees large blocks without being told their size; reallocate needs it, so the sizes of
// live large blocks are kept here, in records that come from the heap's own small classes. The
// table is also what tells a live large block from any other page-aligned pointer.
class LargeSizes {
public:
    struct Record {
        Record* next;
        uintptr_t base;
        size_t size;
    };

    void insert(Record* record) {
        Record*& head = m_buckets[bucket_of(record->base)];
        record->next = head;
        head = record;
        ++m_count;
    }
    Record* find(uintptr_t base) const {
        for (Record* record = m_buckets[bucket_of(base)]; record; record = record->next) {
            if (record->base == base)
                return record;
        }
        return nullptr;
    }
    Record* remove(uintptr_t base) {
        for (Record** link = &m_buckets[bucket_of(base)]; *link; link = &(*link)->next) {
            Record* record = *link;
            if (record->base == base) {
                *link = record->next;
                --m_count;
                return record;
            }
        }
        return nullptr;
    }
    size_t count() const { return m_count; }

private:
    static constexpr size_t kBuckets = 64;
    static size_t bucket_of(uintptr_t base) { return (base / kPageSize) % kBuckets; }

    Record* m_buckets[kBuckets] = {};
    size_t m_count = 0;
};

[[noreturn]] void exit_on_heap_fault(const HeapFaultReport& report) {
    println("libmica heap: {} ({:#x}, {})", heap_fault_name(report.fault),
            uintptr_t(report.pointer), report.cache);
    // Not mica::exit(): static destructors would free into the heap whose lock this holds.
    sys::process_exit(kHeapFaultExitCode);
    __builtin_unreachable();
}

HeapLock g_lock;
bool g_ready = false;
alignas(MappedPageSource) unsigned char g_source_storage[sizeof(MappedPageSource)];
alignas(Heap) unsigned char g_heap_storage[sizeof(Heap)];
LargeSizes g_large;

MappedPageSource& source() { return *reinterpret_cast<MappedPageSource*>(g_source_storage); }
Heap& heap() { return *reinterpret_cast<Heap*>(g_heap_storage); }

// Built on first use rather than by a static constructor: operator new may run in another
// static constructor before this file's would. Called with the lock held.
bool ensure_ready() {
    if (g_ready)
        return true;
    abi::Handle address_space = startup_handle(abi::StartupRole::SelfAddressSpace);
    if (address_space == kInvalidHandle)
        return false;
    set_heap_fault_handler(exit_on_heap_fault);
    new (g_source_storage) MappedPageSource(uint64_t(address_space));
    new (g_heap_storage) Heap(source());
    g_ready = true;
    return true;
}

bool is_large(size_t size, size_t alignment) {
    return Heap::class_for(size ? size : 1, alignment) == Heap::kClassCount;
}

void* allocate_locked(size_t size, size_t alignment) {
    if (!is_power_of_two(alignment) || alignment > kHeapMaxAlignment || !ensure_ready())
        return nullptr;
    if (alignment < Heap::kMinAlignment)
        alignment = Heap::kMinAlignment;
    if (!is_large(size, alignment)) {
        Result<void*> block = heap().allocate(size, alignment);
        return block.is_error() ? nullptr : block.value();
    }
    Result<LargeSizes::Record*> record = heap().make<LargeSizes::Record>();
    if (record.is_error())
        return nullptr;
    Result<void*> block = heap().allocate(size, alignment);
    if (block.is_error()) {
        heap().destroy(record.value());
        return nullptr;
    }
    *record.value() = LargeSizes::Record{nullptr, uintptr_t(block.value()), size};
    g_large.insert(record.value());
    return block.value();
}

// The usable size of `pointer`, or 0 after reporting it when it is not a live block.
size_t block_size_locked(const void* pointer) {
    if (!g_ready || !source().contains(pointer)) {
        report_heap_fault(HeapFault::NotHeapMemory, pointer, "heap");
        return 0;
    }
    if (is_aligned(uintptr_t(pointer), kPageSize)) {
        LargeSizes::Record* record = g_large.find(uintptr_t(pointer));
        if (!record) {
            report_heap_fault(HeapFault::NotAllocated, pointer, "heap");
            return 0;
        }
        return record->size;
    }
    SlabCache* owner = SlabCache::owner_of(pointer, kPageSize);
    for (size_t i = 0; i < Heap::kClassCount; ++i) {
        if (&heap().size_class(i) == owner)
            return owner->object_size();
    }
    report_heap_fault(HeapFault::NotHeapMemory, pointer, "heap");
    return 0;
}

void free_locked(void* pointer) {
    if (!g_ready || !source().contains(pointer)) {
        report_heap_fault(HeapFault::NotHeapMemory, pointer, "heap");
        return;
    }
    if (is_aligned(uintptr_t(pointer), kPageSize)) {
        LargeSizes::Record* record = g_large.remove(uintptr_t(pointer));
        if (!record) {
            report_heap_fault(HeapFault::NotAllocated, pointer, "heap");
            return;
        }
        heap().destroy(record);
    }
    heap().free(pointer);
}

} // namespace

void* heap_allocate(size_t size, size_t alignment) {
    LockGuard guard(g_lock);
    return allocate_locked(size, alignment);
}

void heap_free(void* pointer) {
    if (!pointer)
        return;
    LockGuard guard(g_lock);
    free_locked(pointer);
}

size_t heap_block_size(const void* pointer) {
    LockGuard guard(g_lock);
    return block_size_locked(pointer);
}

void* heap_reallocate(void* pointer, size_t size, size_t alignment) {
    if (!pointer)
        return heap_allocate(size, alignment);
    if (size == 0) {
        heap_free(pointer);
        return nullptr;
    }
    LockGuard guard(g_lock);
    size_t old_size = block_size_locked(pointer);
    if (old_size == 0)
        return nullptr;
    // Keep the block when it is big enough and not mostly wasted, and aligned as asked.
    bool aligned = is_aligned(uintptr_t(pointer), alignment < 16 ? 16 : alignment);
    if (aligned && size <= old_size && size >= old_size / 2)
        return pointer;
    void* moved = allocate_locked(size, alignment);
    if (!moved)
        return nullptr;
    memcpy(moved, pointer, size < old_size ? size : old_size);
    free_locked(pointer);
    return moved;
}

HeapUsage heap_usage() {
    LockGuard guard(g_lock);
    HeapUsage usage;
    if (!g_ready)
        return usage;
    HeapStats stats = heap().stats();
    usage.mapped_bytes = source().mapped_pages() * kPageSize;
    usage.free_bytes = source().free_pages_count() * kPageSize;
    usage.live_small =
        stats.slab_objects - g_large.count(); // the size records are not the caller's
    usage.live_large = stats.large_blocks;
    return usage;
}

HeapFaultHandler heap_set_fault_handler(HeapFaultHandler handler) {
    LockGuard guard(g_lock);
    ensure_ready();
    return set_heap_fault_handler(handler ? handler : exit_on_heap_fault);
}

} // namespace mica
