#pragma once
// The generic description of a synchronous exception. Each backend decodes its own trap cause
// (x86 vector + error code, aarch64 ESR, riscv scause) into this and calls handle_exception().

#include <lib/types.h>

namespace mica {

namespace arch {
struct TrapFrame;
}

enum class ExceptionKind : uint8_t {
    Breakpoint,
    IllegalInstruction,
    PageFault,
    Alignment,
    Protection, // general protection, permission or privilege violations
    Arithmetic, // divide error and friends
    Other,
};

constexpr const char* exception_kind_name(ExceptionKind kind) {
    switch (kind) {
    case ExceptionKind::Breakpoint: return "breakpoint";
    case ExceptionKind::IllegalInstruction: return "illegal instruction";
    case ExceptionKind::PageFault: return "page fault";
    case ExceptionKind::Alignment: return "alignment fault";
    case ExceptionKind::Protection: return "protection fault";
    case ExceptionKind::Arithmetic: return "arithmetic fault";
    case ExceptionKind::Other: return "exception";
    }
    return "?";
}

enum class AccessKind : uint8_t { None, Read, Write, Execute };

struct ExceptionInfo {
    ExceptionKind kind = ExceptionKind::Other;
    const char* name = ""; // the ISA's own name: "#BP Breakpoint", "EC 0x3c BRK", ...
    uint64_t code = 0;     // raw cause: vector, ESR, scause
    uint64_t detail = 0;   // error code, ISS, stval when it is not an address
    bool has_fault_address = false;
    uintptr_t fault_address = 0; // CR2, FAR_EL1, stval
    AccessKind access = AccessKind::None;
    bool from_user = false;
};

// Called by every backend's trap path with interrupts off. Returns to resume the frame (possibly
// modified); an exception nobody expected does not return.
void handle_exception(arch::TrapFrame& frame, const ExceptionInfo& info);

} // namespace mica
