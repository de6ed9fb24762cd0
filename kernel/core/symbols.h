#pragma once
// The kernel's own symbol table, embedded at build time (tools/gen_symtab.py writes it into the
// .ksymtab section at the very end of the image, so adding it moves no code). Backtraces and
// exception reports use it to name addresses.

#include <lib/format.h>
#include <lib/symbol_table.h>

namespace mica {

// Finds the kernel function containing `address`. Not found when the table is empty (the first
// link stage) or the address is in no known function.
SymbolLookup lookup_symbol(uintptr_t address);

// Formats as "0xffffffff80001234 <kernel_main+0x34>".
struct SymbolizedAddress {
    uintptr_t address;
    // A return address points after its call, which may be the last instruction of a function;
    // such addresses are looked up one byte earlier so they name the caller.
    bool is_return_address = false;
};
void format_value(FormatSink& sink, const SymbolizedAddress& value);

} // namespace mica
