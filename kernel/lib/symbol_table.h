#pragma once
// Lookup in the kernel's embedded symbol table (format written by tools/gen_symtab.py).
// Pure data structure code, host-tested; kernel/core/symbols.h binds it to the .ksymtab section.

#include <lib/string_view.h>
#include <lib/types.h>

namespace mica {

struct SymbolTableHeader {
    static constexpr uint32_t kMagic = 0x4d53594d; // "MSYM"
    uint32_t magic;
    uint32_t count;
    uint64_t strings_offset; // from the start of the header
};

struct SymbolEntry {
    uint64_t address;
    uint32_t size;
    uint32_t name_offset; // into the string area
};

struct SymbolLookup {
    StringView name;
    uint64_t offset = 0;
    bool found = false;
};

// Finds the symbol containing `address` in a table of `table_size` bytes. A malformed table finds
// nothing rather than reading outside it.
SymbolLookup lookup_symbol_in(const void* table, size_t table_size, uintptr_t address);

} // namespace mica
