#include <wasm/diagnostic.h>

namespace mica::wasm {

void format_value(FormatSink& sink, const Diagnostic& diagnostic) {
    const char* reason = diagnostic.reason ? diagnostic.reason : "unknown error";
    if (diagnostic.function != Diagnostic::kNoFunction)
        format(sink, "function {}, offset {:#x}: {}", diagnostic.function, diagnostic.offset,
               reason);
    else
        format(sink, "{}, offset {:#x}: {}", diagnostic.section ? diagnostic.section : "module",
               diagnostic.offset, reason);
}

} // namespace mica::wasm
