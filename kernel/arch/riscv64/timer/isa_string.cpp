#include "isa_string.h"

namespace mica::arch {

namespace {

char lower(char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; }

bool equal_ignoring_case(StringView a, StringView b) {
    if (a.length() != b.length())
        return false;
    for (size_t i = 0; i < a.length(); ++i) {
        if (lower(a[i]) != lower(b[i]))
            return false;
    }
    return true;
}

} // namespace

bool isa_string_has_extension(StringView isa, StringView extension) {
    // The first piece is the base ISA and single-letter extensions; only later pieces name
    // multi-letter ones.
    size_t start = 0;
    bool first = true;
    for (size_t i = 0; i <= isa.length(); ++i) {
        if (i < isa.length() && isa[i] != '_')
            continue;
        if (!first && equal_ignoring_case(isa.substring(start, i - start), extension))
            return true;
        first = false;
        start = i + 1;
    }
    return false;
}

bool hart_has_extension(const FdtNode& cpu, StringView extension) {
    if (Optional<FdtProperty> list = cpu.property("riscv,isa-extensions")) {
        for (StringView name : list->as_string_list()) {
            if (equal_ignoring_case(name, extension))
                return true;
        }
    }
    Optional<StringView> isa = cpu.property_string("riscv,isa");
    return isa && isa_string_has_extension(isa.value(), extension);
}

} // namespace mica::arch
