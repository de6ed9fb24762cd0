// libFuzzer target for the kernel heap (kernel/vm/heap*.cpp, kernel/vm/slab.cpp). The input is
// a script of allocations (size, alignment), frees and PageSource limits. Every block's contents
// are checked before it is freed, and at the end every page must be back with the PageSource.
// Any heap fault report is a bug here: the script only frees what it allocated.

#include <vm/heap.h>
#include <vm/heap_fault.h>

#include <cstdlib>
#include <map>
#include <vector>

using namespace mica;

namespace {

class CountingPageSource final : public PageSource {
public:
    Result<void*> allocate_pages(size_t count) override {
        if (count > 64 || m_pages + count > m_limit)
            return Error::NoMemory;
        size_t alignment = is_power_of_two(count) ? count * kPageSize : kPageSize;
        void* pages = std::aligned_alloc(alignment, count * kPageSize);
        m_runs[pages] = count;
        m_pages += count;
        return pages;
    }
    void free_pages(void* pages, size_t count) override {
        auto it = m_runs.find(pages);
        if (it == m_runs.end() || it->second != count)
            __builtin_trap();
        m_runs.erase(it);
        m_pages -= count;
        std::free(pages);
    }
    size_t m_limit = ~size_t{0};
    size_t m_pages = 0;

private:
    static bool is_power_of_two(size_t value) { return value && !(value & (value - 1)); }
    std::map<void*, size_t> m_runs;
};

// Checking every byte of large blocks makes runs slow; the edges catch overlap between blocks.
constexpr size_t kEdge = 64;

// The offset after `offset` to write and check: all of a small block, the edges of a large one.
size_t next_checked(size_t offset, size_t size) {
    return size > 2 * kEdge && offset + 1 == kEdge ? size - kEdge : offset + 1;
}

struct Block {
    uint8_t* bytes;
    size_t size;
    uint8_t seed;
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    set_heap_fault_handler([](const HeapFaultReport&) { __builtin_trap(); });
    CountingPageSource source;
    std::vector<Block> blocks;
    {
        Heap heap(source);
        size_t at = 0;
        auto next = [&]() -> uint8_t { return at < size ? data[at++] : 0; };
        while (at < size) {
            uint8_t op = next();
            if (op < 160) {
                size_t bytes = (size_t(next()) << 8 | next()) >> (op % 8);
                size_t alignment = size_t{1} << (next() % 14);
                Result<void*> block = heap.allocate(bytes, alignment);
                if (block.is_error())
                    continue;
                if (reinterpret_cast<uintptr_t>(block.value()) % alignment != 0)
                    __builtin_trap();
                Block record{static_cast<uint8_t*>(block.value()), bytes, op};
                for (size_t i = 0; i < bytes; i = next_checked(i, bytes))
                    record.bytes[i] = uint8_t(record.seed + i);
                blocks.push_back(record);
            } else if (op < 250) {
                if (blocks.empty())
                    continue;
                size_t victim = next() % blocks.size();
                Block record = blocks[victim];
                for (size_t i = 0; i < record.size; i = next_checked(i, record.size)) {
                    if (record.bytes[i] != uint8_t(record.seed + i))
                        __builtin_trap();
                }
                heap.free(record.bytes);
                blocks[victim] = blocks.back();
                blocks.pop_back();
            } else {
                source.m_limit = op == 255 ? ~size_t{0} : source.m_pages + next() % 8;
            }
        }
        for (const Block& record : blocks)
            heap.free(record.bytes);
        heap.shrink();
        if (source.m_pages != 0)
            __builtin_trap();
    }
    return 0;
}
