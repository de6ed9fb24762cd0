#include <core/symbols.h>

// Bounds of the .ksymtab section (kernel/core/symtab.ld).
extern "C" const char __ksymtab_start[];
extern "C" const char __ksymtab_end[];

namespace mica {

SymbolLookup lookup_symbol(uintptr_t address) {
    return lookup_symbol_in(__ksymtab_start, size_t(__ksymtab_end - __ksymtab_start), address);
}

void format_value(FormatSink& sink, const SymbolizedAddress& value) {
    format(sink, "{:#018x}", value.address);
    uintptr_t bias = value.is_return_address ? 1 : 0;
    SymbolLookup symbol = lookup_symbol(value.address - bias);
    if (symbol.found)
        format(sink, " <{}+{:#x}>", symbol.name, symbol.offset + bias);
}

} // namespace mica
