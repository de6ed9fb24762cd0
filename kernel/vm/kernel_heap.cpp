#include <arch/interrupts.h>
#include <arch/mmu.h>
#include <core/panic.h>
#include <core/spinlock.h>
#include <new>
#include <vm/heap_fault.h>
#include <vm/heap_global.h>
#include <vm/kernel_heap.h>
#include <vm/physical_memory.h>

namespace mica::kernel_heap {

namespace {

// Runs of pages as buddy blocks: a power-of-two count comes back aligned to its size, as
// PageSource requires, and other counts are rounded up to the next block.
class FramePageSource final : public PageSource {
public:
    Result<void*> allocate_pages(size_t count) override {
        if (count == 0)
            return Error::InvalidArgument;
        PhysAddr block = TRY(physical_memory::allocate_contiguous(count));
        m_pages += frames_for(count);
        return arch::EarlyMmu::phys_to_virt(block);
    }
    void free_pages(void* pages, size_t count) override {
        PhysAddr block = arch::EarlyMmu::virt_to_phys(pages);
        if (physical_memory::free_contiguous(block, count).is_error())
            panic("heap returned pages {} ({} pages) the frame allocator never gave it", pages,
                  count);
        m_pages -= frames_for(count);
    }
    uint64_t pages() const { return m_pages; }

private:
    // What the buddy allocator really hands out for `count` pages.
    static uint64_t frames_for(size_t count) {
        return uint64_t{1} << FrameAllocator::order_for(count);
    }

    uint64_t m_pages = 0;
};

void panic_on_heap_fault(const HeapFaultReport& report) {
    panic("heap: {} at {} (noticed by {})", heap_fault_name(report.fault), report.pointer,
          report.cache);
}

// A spinlock that masks interrupts while held, so a heap call from an interrupt handler cannot
// deadlock against the code it interrupted.
class SpinHeapLock final : public heap::HeapLock {
public:
    void lock() override NO_THREAD_SAFETY_ANALYSIS {
        arch::Interrupts::State state = arch::Interrupts::disable();
        m_lock.acquire();
        m_saved = state; // only the holder writes it
    }
    void unlock() override NO_THREAD_SAFETY_ANALYSIS {
        arch::Interrupts::State state = m_saved;
        m_lock.release();
        arch::Interrupts::restore(state);
    }

private:
    SpinLock m_lock;
    arch::Interrupts::State m_saved{};
};

constinit FramePageSource g_pages;
constinit SpinHeapLock g_heap_lock;
alignas(Heap) unsigned char g_heap_storage[sizeof(Heap)];

} // namespace

void init() {
    set_heap_fault_handler(panic_on_heap_fault);
    heap::install(new (g_heap_storage) Heap(g_pages), &g_heap_lock);
}

uint64_t pages_in_use() { return g_pages.pages(); }

} // namespace mica::kernel_heap
