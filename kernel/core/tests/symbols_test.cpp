// The embedded symbol table names the kernel's own functions.

#include <core/kernel_main.h>
#include <core/ktest.h>
#include <core/symbols.h>

using namespace mica;

KTEST(symbols, kernel_main_is_found_by_its_address) {
    auto address = reinterpret_cast<uintptr_t>(&kernel_main);
    SymbolLookup symbol = lookup_symbol(address + 4);
    KASSERT(symbol.found);
    KEXPECT(symbol.name.contains("kernel_main"));
    KEXPECT_EQ(symbol.offset, 4u);
}

KTEST(symbols, address_outside_the_kernel_is_not_found) { KEXPECT(!lookup_symbol(0x1000).found); }
