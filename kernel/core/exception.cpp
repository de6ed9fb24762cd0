#include <arch/cpu.h>
#include <arch/trap_frame.h>
#include <core/backtrace.h>
#include <core/console.h>
#include <core/exception.h>
#include <core/expect_exception.h>
#include <core/panic.h>
#include <core/symbols.h>

namespace mica {

namespace {
const char* access_name(AccessKind access) {
    switch (access) {
    case AccessKind::None: return "";
    case AccessKind::Read: return "read";
    case AccessKind::Write: return "write";
    case AccessKind::Execute: return "execute";
    }
    return "?";
}

void report(const arch::TrapFrame& frame, const ExceptionInfo& info) {
    println("\nEXCEPTION: {} ({}) in {} mode", info.name, exception_kind_name(info.kind),
            info.from_user ? "user" : "kernel");
    println("  at {}", SymbolizedAddress{frame.instruction_pointer()});
    println("  cause {:#x} detail {:#x}", info.code, info.detail);
    if (info.has_fault_address)
        println("  fault address {:#018x} {}", info.fault_address, access_name(info.access));
    arch::Cpu::dump_registers(frame);
    print_backtrace(frame.frame_pointer(), frame.instruction_pointer());
}
} // namespace

void handle_exception(arch::TrapFrame& frame, const ExceptionInfo& info) {
    if (ExpectException::catch_if_expected(frame, info)) {
        arch::Cpu::skip_faulting_instruction(frame);
        return;
    }
    report(frame, info);
    panic("unhandled {} in {} mode", exception_kind_name(info.kind),
          info.from_user ? "user" : "kernel");
}

} // namespace mica
