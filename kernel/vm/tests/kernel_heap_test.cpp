// The heap installed at boot, backed by the frame allocator: mixed sizes, freed in random order,
// contents intact, and every frame back once the heap lets go of its empty slabs.

#include <core/ktest.h>
#include <vm/heap_global.h>
#include <vm/kernel_heap.h>
#include <vm/physical_memory.h>

using namespace mica;

namespace {

struct Block {
    uint8_t* data;
    size_t size;
    uint8_t seed;
};

uint64_t next_random(uint64_t& state) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return state >> 33;
}

} // namespace

KTEST(kernel_heap, stress_mixed_sizes_random_order) {
    constexpr size_t kBlocks = 3000;
    static Block blocks[kBlocks];
    uint64_t free_before = physical_memory::frames().stats().free_frames;
    uint64_t heap_pages_before = kernel_heap::pages_in_use();
    uint64_t random = 42;

    for (size_t i = 0; i < kBlocks; ++i) {
        // Mostly small objects, some pages, a few multi-page blocks.
        uint64_t pick = next_random(random) % 100;
        size_t size = pick < 80   ? 1 + next_random(random) % 512
                      : pick < 97 ? 513 + next_random(random) % 4096
                                  : 8192 + next_random(random) % 32768;
        Result<void*> memory = heap::allocate(size);
        KASSERT(memory.is_ok());
        blocks[i] = {static_cast<uint8_t*>(memory.value()), size, uint8_t(i * 7 + 1)};
        for (size_t j = 0; j < size; ++j)
            blocks[i].data[j] = uint8_t(blocks[i].seed + j);
    }
    for (size_t i = kBlocks - 1; i > 0; --i) {
        size_t j = next_random(random) % (i + 1);
        Block tmp = blocks[i];
        blocks[i] = blocks[j];
        blocks[j] = tmp;
    }
    size_t corrupted = 0;
    for (Block& block : blocks) {
        for (size_t j = 0; j < block.size; ++j)
            corrupted += block.data[j] != uint8_t(block.seed + j);
        heap::free(block.data);
    }
    KEXPECT_EQ(corrupted, 0u);

    // Once the heap lets go of its empty slabs it holds no more than before, and every frame it
    // gave back is free again in the allocator.
    heap::shrink();
    uint64_t heap_pages_after = kernel_heap::pages_in_use();
    KEXPECT(heap_pages_after <= heap_pages_before);
    KEXPECT_EQ(physical_memory::frames().stats().free_frames,
               free_before + heap_pages_before - heap_pages_after);
}

KTEST(kernel_heap, objects_are_constructed_and_destroyed) {
    struct Counter {
        explicit Counter(int& live) : m_live(live) { ++m_live; }
        ~Counter() { --m_live; }
        int& m_live;
    };
    int live = 0;
    Result<Counter*> counter = heap::make<Counter>(live);
    KASSERT(counter.is_ok());
    KEXPECT_EQ(live, 1);
    heap::destroy(counter.value());
    KEXPECT_EQ(live, 0);
}

KTEST(kernel_heap, impossible_sizes_are_errors) {
    Result<void*> huge = heap::allocate(~size_t{0});
    KEXPECT(huge.is_error());
    Result<void*> more_than_ram = heap::allocate(size_t{1} << 40);
    KEXPECT(more_than_ram.is_error() && more_than_ram.error() == Error::NoMemory);
}
