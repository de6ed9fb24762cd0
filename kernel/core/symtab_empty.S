// The first link's symbol table: a valid header with no entries. The second link replaces it
// with the table tools/gen_symtab.py extracted from the first.
    .section .ksymtab, "a"
    .balign 8
    .long 0x4d53594d    // SymbolTableHeader::kMagic
    .long 0             // count
    .quad 16            // strings_offset
