#include <wasm/store.h>

namespace mica::wasm {

namespace {

// Blocks keep a 16-byte header so what follows is aligned for any object the store holds.
constexpr size_t kHeader = 16;

} // namespace

Store::~Store() {
    for (MemoryInstance* memory = m_memories; memory; memory = memory->next) {
        if (memory->data)
            m_allocator.deallocate(memory->data, memory->size);
    }
    for (TableInstance* table = m_tables; table; table = table->next) {
        if (table->elements)
            m_allocator.deallocate(table->elements, table->capacity * sizeof(uint64_t));
    }
    while (m_blocks) {
        Block* next = m_blocks->next;
        m_allocator.deallocate(m_blocks, kHeader + m_blocks->size);
        m_blocks = next;
    }
}

Result<void*> Store::allocate_block(size_t size) {
    static_assert(sizeof(Block) <= kHeader);
    void* memory = m_allocator.allocate(kHeader + size, 16);
    if (!memory)
        return Error::NoMemory;
    auto* block = static_cast<Block*>(memory);
    block->next = m_blocks;
    block->size = size;
    m_blocks = block;
    return static_cast<uint8_t*>(memory) + kHeader;
}

Result<FunctionInstance*> Store::create_host_function(const FuncType& type, HostFunction& host) {
    FunctionInstance* function = TRY(create<FunctionInstance>());
    function->type = &type;
    function->host = &host;
    return function;
}

Result<MemoryInstance*> Store::create_memory(const Limits& limits) {
    MemoryInstance* memory = TRY(create<MemoryInstance>());
    memory->has_max = limits.has_max;
    memory->max_pages = limits.has_max ? limits.max : 65536;
    memory->next = m_memories;
    m_memories = memory;
    if (limits.min > 0 && grow_memory(*memory, limits.min) < 0)
        return Error::NoMemory;
    return memory;
}

Result<TableInstance*> Store::create_table(const TableType& type, uint64_t initial) {
    TableInstance* table = TRY(create<TableInstance>());
    table->element_type = type.element;
    table->has_max = type.limits.has_max;
    table->max = type.limits.has_max ? type.limits.max : ~uint32_t{0};
    table->next = m_tables;
    m_tables = table;
    if (type.limits.min > 0 && grow_table(*table, type.limits.min, initial) < 0)
        return Error::NoMemory;
    return table;
}

Result<GlobalInstance*> Store::create_global(const GlobalType& type, Value value) {
    GlobalInstance* global = TRY(create<GlobalInstance>());
    global->type = type;
    global->value = value;
    return global;
}

int64_t Store::grow_memory(MemoryInstance& memory, uint32_t delta_pages) {
    uint32_t old_pages = memory.pages;
    if (delta_pages == 0)
        return old_pages;
    uint64_t new_pages = uint64_t(old_pages) + delta_pages;
    if (new_pages > memory.max_pages || new_pages > m_limits.max_memory_pages || new_pages > 65536)
        return -1;
    uint64_t new_size = new_pages * MemoryInstance::kPageSize;
    if (new_size != size_t(new_size))
        return -1;
    auto* data = static_cast<uint8_t*>(m_allocator.allocate(size_t(new_size), 16));
    if (!data)
        return -1;
    if (memory.data) {
        __builtin_memcpy(data, memory.data, size_t(memory.size));
        m_allocator.deallocate(memory.data, size_t(memory.size));
    }
    __builtin_memset(data + memory.size, 0, size_t(new_size - memory.size));
    memory.data = data;
    memory.size = new_size;
    memory.pages = uint32_t(new_pages);
    return old_pages;
}

int64_t Store::grow_table(TableInstance& table, uint32_t delta, uint64_t initial) {
    uint32_t old_size = table.size;
    uint64_t new_size = uint64_t(old_size) + delta;
    if (new_size > table.max || new_size > m_limits.max_table_elements || new_size > ~uint32_t{0})
        return -1;
    if (new_size > table.capacity) {
        // Tables grow one element at a time in loops (table.grow 1): keep headroom.
        uint64_t capacity = new_size < 8 ? 8 : new_size + new_size / 2;
        if (capacity > m_limits.max_table_elements)
            capacity = new_size;
        auto* elements =
            static_cast<uint64_t*>(m_allocator.allocate(size_t(capacity) * sizeof(uint64_t), 8));
        if (!elements)
            return -1;
        if (table.elements) {
            __builtin_memcpy(elements, table.elements, table.size * sizeof(uint64_t));
            m_allocator.deallocate(table.elements, table.capacity * sizeof(uint64_t));
        }
        table.elements = elements;
        table.capacity = uint32_t(capacity);
    }
    for (uint64_t i = old_size; i < new_size; ++i)
        table.elements[i] = initial;
    table.size = uint32_t(new_size);
    return old_size;
}

bool same_type(const FuncType& a, const FuncType& b) {
    if (&a == &b)
        return true;
    if (a.params.size() != b.params.size() || a.results.size() != b.results.size())
        return false;
    for (size_t i = 0; i < a.params.size(); ++i) {
        if (a.params[i] != b.params[i])
            return false;
    }
    for (size_t i = 0; i < a.results.size(); ++i) {
        if (a.results[i] != b.results[i])
            return false;
    }
    return true;
}

bool Instance::find_export(StringView name, ExternValue& out) const {
    for (const Export& item : module->exports) {
        if (!(item.name == name))
            continue;
        switch (item.kind) {
        case ExternKind::Function: out = ExternValue::of(functions[item.index]); break;
        case ExternKind::Table: out = ExternValue::of(tables[item.index]); break;
        case ExternKind::Memory: out = ExternValue::of(memory); break;
        case ExternKind::Global: out = ExternValue::of(globals[item.index]); break;
        }
        return true;
    }
    return false;
}

} // namespace mica::wasm
