#include <wasm/trap.h>

namespace mica::wasm {

const char* trap_message(TrapKind kind) {
    switch (kind) {
    case TrapKind::None: return "no trap";
    case TrapKind::Unreachable: return "unreachable";
    case TrapKind::MemoryOutOfBounds: return "out of bounds memory access";
    case TrapKind::TableOutOfBounds: return "out of bounds table access";
    case TrapKind::IntegerDivideByZero: return "integer divide by zero";
    case TrapKind::IntegerOverflow: return "integer overflow";
    case TrapKind::InvalidConversion: return "invalid conversion to integer";
    case TrapKind::UninitializedElement: return "uninitialized element";
    case TrapKind::IndirectCallTypeMismatch: return "indirect call type mismatch";
    case TrapKind::UndefinedElement: return "undefined element";
    case TrapKind::CallStackExhausted: return "call stack exhausted";
    case TrapKind::OutOfFuel: return "out of fuel";
    case TrapKind::Host: return "host function trap";
    case TrapKind::NoMemory: return "out of memory";
    }
    return "unknown trap";
}

void format_value(FormatSink& sink, const Trap& trap) {
    format(sink, "{}", trap_message(trap.kind));
    if (trap.kind == TrapKind::Host)
        format(sink, " {}", trap.host_code);
    if (trap.function != Trap::kNoFunction)
        format(sink, " in function {} at offset {:#x}", trap.function, trap.offset);
}

} // namespace mica::wasm
