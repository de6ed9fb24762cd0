// The heap as built for each ISA, on pages from a static buffer: it runs before (and regardless
// of) the frame allocator being wired into boot. Host tests cover the heap in depth; this catches
// target-specific surprises under a real kernel's flags (no standard library, -O2, the ISA's
// alignment and atomicity rules).

#include <core/ktest.h>
#include <lib/align.h>
#include <vm/heap.h>
#include <vm/heap_fault.h>
#include <vm/page_source.h>
#include <vm/slab.h>

using namespace mica;

namespace {

constexpr size_t kBufferPages = 64; // 256 KiB

alignas(PageSource::kPageSize) uint8_t g_buffer[kBufferPages * PageSource::kPageSize];

// First fit over a bitmap of the buffer's pages, keeping the PageSource promise that runs of a
// power-of-two length are aligned to their size.
class StaticPageSource final : public PageSource {
public:
    Result<void*> allocate_pages(size_t count) override {
        if (count == 0 || count > kBufferPages)
            return Error::NoMemory;
        size_t alignment = is_power_of_two(count) ? count * kPageSize : kPageSize;
        for (size_t first = 0; first + count <= kBufferPages; ++first) {
            if (!is_aligned(reinterpret_cast<uintptr_t>(page(first)), alignment) ||
                !run_is_free(first, count))
                continue;
            for (size_t i = first; i < first + count; ++i)
                m_used |= uint64_t{1} << i;
            m_pages_in_use += count;
            return static_cast<void*>(page(first));
        }
        return Error::NoMemory;
    }

    void free_pages(void* pages, size_t count) override {
        size_t first = size_t(static_cast<uint8_t*>(pages) - g_buffer) / kPageSize;
        for (size_t i = first; i < first + count; ++i) {
            if (!(m_used & (uint64_t{1} << i)))
                ++m_bad_frees;
            m_used &= ~(uint64_t{1} << i);
        }
        m_pages_in_use -= count;
    }

    size_t pages_in_use() const { return m_pages_in_use; }
    size_t bad_frees() const { return m_bad_frees; }

private:
    static_assert(kBufferPages <= 64, "the bitmap is one word");
    static uint8_t* page(size_t index) { return g_buffer + index * kPageSize; }
    bool run_is_free(size_t first, size_t count) const {
        for (size_t i = first; i < first + count; ++i) {
            if (m_used & (uint64_t{1} << i))
                return false;
        }
        return true;
    }

    uint64_t m_used = 0;
    size_t m_pages_in_use = 0;
    size_t m_bad_frees = 0;
};

// Records heap faults for the duration of a test instead of trapping.
struct FaultLog {
    static inline unsigned count = 0;
    static inline HeapFault last = HeapFault::NotHeapMemory;
    static inline const void* last_pointer = nullptr;

    FaultLog() {
        count = 0;
        m_previous = set_heap_fault_handler([](const HeapFaultReport& report) {
            ++count;
            last = report.fault;
            last_pointer = report.pointer;
        });
    }
    ~FaultLog() { set_heap_fault_handler(m_previous); }

    HeapFaultHandler m_previous;
};

// xorshift64: deterministic, so a failure repeats on every run and every ISA.
struct Random {
    uint64_t state = 0x9e37'79b9'7f4a'7c15;
    uint64_t next() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        return state;
    }
    size_t below(size_t limit) { return size_t(next() % limit); }
};

uint8_t pattern_byte(size_t id, size_t offset) { return uint8_t(id * 131 + offset * 7 + 1); }

void fill(void* memory, size_t size, size_t id) {
    auto* bytes = static_cast<uint8_t*>(memory);
    for (size_t i = 0; i < size; ++i)
        bytes[i] = pattern_byte(id, i);
}

bool intact(const void* memory, size_t size, size_t id) {
    const auto* bytes = static_cast<const uint8_t*>(memory);
    for (size_t i = 0; i < size; ++i) {
        if (bytes[i] != pattern_byte(id, i))
            return false;
    }
    return true;
}

struct Live {
    void* block;
    size_t size;
    size_t id;
};

constexpr size_t kMaxLive = 160;
Live g_live[kMaxLive]; // static: the kernel stack is small

size_t random_size(Random& random) {
    size_t kind = random.below(20);
    if (kind == 0)
        return 2017 + random.below(2080); // a large block of one page
    if (kind < 4)
        return 257 + random.below(1760);
    return random.below(257);
}

} // namespace

KTEST(heap, stress_mixed_sizes_random_order) {
    FaultLog faults;
    StaticPageSource source;
    Heap heap(source);
    Random random;
    size_t live = 0, next_id = 0, allocations = 0, frees = 0, dry = 0;

    for (int step = 0; step < 12000; ++step) {
        bool allocate = live < 8 || (live < kMaxLive && random.below(100) < 55);
        if (allocate) {
            size_t size = random_size(random);
            size_t alignment = size_t{1} << random.below(13); // 1 .. 4096
            Result<void*> block = heap.allocate(size, alignment);
            if (block.is_error()) {
                // Only acceptable when every page is in use: the heap asks for one page at a
                // time here, so fragmentation of the buffer cannot be the reason.
                KASSERT(block.error() == Error::NoMemory);
                KASSERT(source.pages_in_use() == kBufferPages);
                ++dry;
                continue;
            }
            KASSERT(is_aligned(reinterpret_cast<uintptr_t>(block.value()), alignment));
            fill(block.value(), size, next_id);
            g_live[live++] = {block.value(), size, next_id++};
            ++allocations;
        } else {
            size_t victim = random.below(live);
            KASSERT(intact(g_live[victim].block, g_live[victim].size, g_live[victim].id));
            heap.free(g_live[victim].block);
            g_live[victim] = g_live[--live];
            ++frees;
        }
    }
    // The rest in random order too.
    while (live > 0) {
        size_t victim = random.below(live);
        KASSERT(intact(g_live[victim].block, g_live[victim].size, g_live[victim].id));
        heap.free(g_live[victim].block);
        g_live[victim] = g_live[--live];
        ++frees;
    }
    println("    {} allocations, {} frees, {} refused for lack of pages", allocations, frees, dry);
    KEXPECT(allocations >= 5000);
    KEXPECT_EQ(faults.count, 0u);
    KEXPECT_EQ(heap.stats().slab_objects, size_t{0});
    KEXPECT_EQ(heap.stats().large_blocks, size_t{0});
    heap.shrink();
    KEXPECT_EQ(source.pages_in_use(), size_t{0});
    KEXPECT_EQ(source.bad_frees(), size_t{0});
}

KTEST(heap, bad_frees_are_reported) {
    FaultLog faults;
    StaticPageSource source;
    Heap heap(source);
    void* keep = heap.allocate(64).value();
    auto* object = static_cast<uint8_t*>(heap.allocate(64).value());

    heap.free(object + 8);
    KEXPECT_EQ(faults.count, 1u);
    KEXPECT(faults.last == HeapFault::NotAnObject);

    heap.free(object);
    heap.free(object);
    KEXPECT_EQ(faults.count, 2u);
    KEXPECT(faults.last == HeapFault::DoubleFree);
    KEXPECT(faults.last_pointer == object);

    void* large = heap.allocate(9000).value();
    heap.free(large);
    heap.free(large);
    KEXPECT_EQ(faults.count, 3u);
    KEXPECT(faults.last == HeapFault::NotAllocated);

    heap.free(keep);
    heap.shrink();
    KEXPECT_EQ(faults.count, 3u);
    KEXPECT_EQ(source.pages_in_use(), size_t{0});
}

KTEST(heap, exhaustion_is_an_error) {
    FaultLog faults;
    StaticPageSource source;
    Heap heap(source);
    void* blocks[kBufferPages];
    size_t count = 0;
    for (;;) {
        Result<void*> block = heap.allocate(4096);
        if (block.is_error()) {
            KEXPECT(block.error() == Error::NoMemory);
            break;
        }
        KASSERT(count < kBufferPages);
        blocks[count++] = block.value();
    }
    // One page holds the large-block records; the others are the blocks.
    KEXPECT_EQ(count, kBufferPages - 1);
    KEXPECT(heap.allocate(16).is_error());
    heap.free(blocks[--count]);
    KEXPECT(heap.allocate(16).is_ok());
    while (count > 0)
        heap.free(blocks[--count]);
    KEXPECT_EQ(faults.count, 0u);
}

namespace {

struct Counted {
    static inline int alive = 0;
    explicit Counted(uint64_t value) : value(value) { ++alive; }
    ~Counted() { --alive; }
    uint64_t value;
};

} // namespace

KTEST(heap, make_and_destroy) {
    StaticPageSource source;
    Heap heap(source);
    Result<Counted*> counted = heap.make<Counted>(uint64_t{42});
    KASSERT(counted.is_ok());
    KEXPECT_EQ(counted.value()->value, uint64_t{42});
    KEXPECT_EQ(Counted::alive, 1);
    heap.destroy(counted.value());
    KEXPECT_EQ(Counted::alive, 0);
    heap.shrink();
    KEXPECT_EQ(source.pages_in_use(), size_t{0});
}

KTEST(heap, slab_cache_with_multi_page_slabs) {
    FaultLog faults;
    StaticPageSource source;
    {
        SlabCache cache("ktest-3000", 3000, 64, source);
        KEXPECT_EQ(cache.stats().slab_pages, size_t{8});
        void* objects[20];
        for (void*& object : objects) {
            object = cache.allocate().value();
            KEXPECT(is_aligned(reinterpret_cast<uintptr_t>(object), 64));
            fill(object, 3000, reinterpret_cast<uintptr_t>(&object));
        }
        for (void*& object : objects) {
            KEXPECT(intact(object, 3000, reinterpret_cast<uintptr_t>(&object)));
            cache.free(object);
        }
    }
    KEXPECT_EQ(faults.count, 0u);
    KEXPECT_EQ(source.pages_in_use(), size_t{0});
}

#ifdef MICA_DEBUG
KTEST(heap, debug_write_after_free_is_reported) {
    FaultLog faults;
    StaticPageSource source;
    Heap heap(source);
    void* keep = heap.allocate(96).value();
    auto* object = static_cast<uint8_t*>(heap.allocate(96).value());
    heap.free(object);
    KEXPECT_EQ(object[50], SlabCache::kPoison);
    object[50] = 0; // through a stale pointer
    void* again = heap.allocate(96).value();
    KEXPECT(again == object);
    KEXPECT_EQ(faults.count, 1u);
    KEXPECT(faults.last == HeapFault::UseAfterFree);
    heap.free(again);
    heap.free(keep);
}
#endif
