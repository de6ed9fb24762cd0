#include <lib/symbol_table.h>

namespace mica {

SymbolLookup lookup_symbol_in(const void* table, size_t table_size, uintptr_t address) {
    if (table_size < sizeof(SymbolTableHeader))
        return {};
    const auto* header = static_cast<const SymbolTableHeader*>(table);
    uint64_t entries_size = uint64_t(header->count) * sizeof(SymbolEntry);
    if (header->magic != SymbolTableHeader::kMagic ||
        sizeof(SymbolTableHeader) + entries_size > table_size ||
        header->strings_offset > table_size)
        return {};

    const auto* entries = reinterpret_cast<const SymbolEntry*>(header + 1);
    // Entries are sorted by address: find the last one at or below `address`.
    size_t low = 0, high = header->count;
    while (low < high) {
        size_t mid = low + (high - low) / 2;
        if (entries[mid].address <= address)
            low = mid + 1;
        else
            high = mid;
    }
    if (low == 0)
        return {};
    const SymbolEntry& entry = entries[low - 1];
    if (address - entry.address >= entry.size)
        return {};

    const char* strings = static_cast<const char*>(table) + header->strings_offset;
    size_t strings_size = table_size - header->strings_offset;
    if (entry.name_offset >= strings_size)
        return {};
    return {StringView::from_bounded(strings + entry.name_offset, strings_size - entry.name_offset),
            address - entry.address, true};
}

} // namespace mica
