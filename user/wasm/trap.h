#pragma once
// Why a WebAssembly function stopped early. A trap ends the invocation (never the host): the
// interpreter unwinds every wasm frame and hands this report back to the embedder. It names
// the kind, the function that was running (an index in its module's function space) and the
// byte offset of the trapping instruction in that module, e.g.
//   "integer divide by zero in function 3 at offset 0x2f0"

#include <lib/format.h>

namespace mica::wasm {

enum class TrapKind : uint8_t {
    None,
    Unreachable,
    MemoryOutOfBounds,
    TableOutOfBounds,
    IntegerDivideByZero,
    IntegerOverflow,
    InvalidConversion,
    UninitializedElement, // call_indirect through a null table entry
    IndirectCallTypeMismatch,
    UndefinedElement, // call_indirect index past the table's end
    CallStackExhausted,
    OutOfFuel,
    Host,     // a host function refused (Trap::host_code says why)
    NoMemory, // the embedder's allocator failed while starting the call
};

// The spec test suite's wording for each kind ("integer divide by zero", ...).
const char* trap_message(TrapKind kind);

struct Trap {
    static constexpr uint32_t kNoFunction = ~uint32_t{0};

    TrapKind kind = TrapKind::None;
    uint32_t function = kNoFunction; // in the trapping instance's function index space
    size_t offset = 0;               // of the instruction, from the start of its module
    uint32_t host_code = 0;          // TrapKind::Host: the host function's reason
};

void format_value(FormatSink& sink, const Trap& trap);

} // namespace mica::wasm
