#pragma once
// The store: owns every run-time object (instances, functions, tables, memories, globals) and
// frees them all when it is destroyed, since instances link to each other's objects and none
// can go before the others. Memory comes from the embedder's Allocator. Growing a memory or a
// table moves it (allocate, copy, free): a store-wide limit keeps growth within what the
// embedder wants to give, and a failed allocation makes memory.grow return -1 as the spec allows.

#include <wasm/allocator.h>
#include <wasm/runtime.h>

#include <new>

namespace mica::wasm {

struct StoreLimits {
    uint32_t max_memory_pages = 65536;        // 4 GiB
    uint32_t max_table_elements = 10'000'000; // 80 MB of references
};

class Store {
public:
    explicit Store(Allocator& allocator, const StoreLimits& limits = {})
        : m_allocator(allocator), m_limits(limits) {}
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;
    ~Store();

    Allocator& allocator() { return m_allocator; }
    const StoreLimits& limits() const { return m_limits; }

    // `count` zeroed objects, freed with the store.
    template <typename T>
    Result<Span<T>> allocate(size_t count) {
        static_assert(__is_trivially_destructible(T), "the store never runs destructors");
        if (count == 0)
            return Span<T>();
        if (count > (~size_t{0} - 64) / sizeof(T))
            return Error::NoMemory;
        void* memory = TRY(allocate_block(count * sizeof(T)));
        T* items = static_cast<T*>(memory);
        for (size_t i = 0; i < count; ++i)
            new (&items[i]) T();
        return Span<T>(items, count);
    }
    template <typename T>
    Result<T*> create() {
        return TRY(allocate<T>(1)).data();
    }

    Result<FunctionInstance*> create_host_function(const FuncType& type, HostFunction& host);
    Result<MemoryInstance*> create_memory(const Limits& limits);
    Result<TableInstance*> create_table(const TableType& type, uint64_t initial = kNullRef);
    Result<GlobalInstance*> create_global(const GlobalType& type, Value value);

    // memory.grow and table.grow: the old size, or -1 when the limits or the allocator refuse.
    int64_t grow_memory(MemoryInstance& memory, uint32_t delta_pages);
    int64_t grow_table(TableInstance& table, uint32_t delta, uint64_t initial);

private:
    struct Block {
        Block* next;
        size_t size;
    };
    Result<void*> allocate_block(size_t size);

    Allocator& m_allocator;
    StoreLimits m_limits;
    Block* m_blocks = nullptr;
    MemoryInstance* m_memories = nullptr;
    TableInstance* m_tables = nullptr;
};

} // namespace mica::wasm
