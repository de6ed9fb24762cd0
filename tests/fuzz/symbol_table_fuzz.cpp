// Symbol lookups over arbitrary bytes must stay inside the table.
#include <lib/symbol_table.h>
#include <string.h>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 8)
        return 0;
    uint64_t address;
    memcpy(&address, data, 8);
    // Copy so the table is 8-byte aligned, as the kernel's section is.
    alignas(8) static uint8_t table[1 << 16];
    size_t table_size = size - 8 < sizeof table ? size - 8 : sizeof table;
    memcpy(table, data + 8, table_size);
    mica::SymbolLookup hit = mica::lookup_symbol_in(table, table_size, address);
    if (hit.found && hit.name.length())
        (void)hit.name[hit.name.length() - 1];
    return 0;
}
