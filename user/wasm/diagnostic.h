#pragma once
// Why a module was refused: where (the section or the function, and the byte offset from the
// start of the module) and what (a static sentence). Formats as
//   "code section, offset 0x1a3: function body size exceeds section"
//   "function 3, offset 0x2f0: type mismatch"

#include <lib/format.h>

namespace mica::wasm {

struct Diagnostic {
    static constexpr uint32_t kNoFunction = ~uint32_t{0};

    const char* section = nullptr;   // "type section", "module header", ...
    uint32_t function = kNoFunction; // set by the validator: the index in the function space
    size_t offset = 0;
    const char* reason = nullptr;
};

void format_value(FormatSink& sink, const Diagnostic& diagnostic);

} // namespace mica::wasm
