// The C++ half of the exception vectors (vectors.S): sorts out which of the 16 vectors fired,
// decodes synchronous exceptions into an ExceptionInfo for the generic handler, passes IRQs to
// the GIC path (gic/interrupt_controller.cpp), hands `svc` from EL0 to the generic syscall
// dispatch, and reports everything else loudly (FIQs are never routed, SErrors never expected,
// AArch32 user code never started). Every trap from EL0 ends in before_user_return().

#include <arch/aarch64/power/semihosting.h>
#include <arch/aarch64/trap/esr.h>
#include <arch/aarch64/user/user_return.h>
#include <arch/cpu.h>
#include <arch/trap_frame.h>
#include <core/console.h>
#include <core/exception.h>
#include <core/panic.h>
#include <core/symbols.h>
#include <core/user_entry.h>

namespace mica::arch {

namespace {

// The vector table's layout: four groups of four entries, 0x80 bytes apart.
struct Vector {
    enum class Source : uint8_t { CurrentElSp0, CurrentElSpx, LowerElAarch64, LowerElAarch32 };
    enum class Type : uint8_t { Synchronous, Irq, Fiq, SError };

    Source source;
    Type type;

    static Vector from_index(uint64_t index) { return {Source((index >> 2) & 3), Type(index & 3)}; }
};

const char* source_name(Vector::Source source) {
    switch (source) {
    case Vector::Source::CurrentElSp0: return "EL1 on SP_EL0";
    case Vector::Source::CurrentElSpx: return "EL1";
    case Vector::Source::LowerElAarch64: return "EL0 (AArch64)";
    case Vector::Source::LowerElAarch32: return "EL0 (AArch32)";
    }
    return "?";
}

const char* type_name(Vector::Type type) {
    switch (type) {
    case Vector::Type::Synchronous: return "synchronous exception";
    case Vector::Type::Irq: return "IRQ";
    case Vector::Type::Fiq: return "FIQ";
    case Vector::Type::SError: return "SError";
    }
    return "?";
}

[[noreturn]] void report_unexpected(const TrapFrame& frame, Vector vector, const char* why) {
    println("\nUNEXPECTED {} from {}: {}", type_name(vector.type), source_name(vector.source), why);
    println("  at {}", SymbolizedAddress{frame.instruction_pointer()});
    Cpu::dump_registers(frame);
    panic("unexpected {} from {}", type_name(vector.type), source_name(vector.source));
}

} // namespace

} // namespace mica::arch

using namespace mica;
using namespace mica::arch;

extern "C" void aarch64_handle_irq();

namespace {

// A trap from EL0 (AArch64), on the thread's kernel stack with `frame` at its top.
void handle_user_trap(TrapFrame& frame, Vector vector) {
    switch (vector.type) {
    case Vector::Type::Synchronous: {
        Esr esr{frame.esr};
        // ELR already points past the svc: the syscall returns to the next instruction.
        if (esr.exception_class() == ExceptionClass::SvcAarch64)
            handle_syscall(frame);
        else
            handle_exception(frame, decode_exception(esr, frame.far, true));
        break;
    }
    case Vector::Type::Irq: aarch64_handle_irq(); break;
    case Vector::Type::Fiq: report_unexpected(frame, vector, "no FIQ is ever routed");
    case Vector::Type::SError:
        report_unexpected(frame, vector, "asynchronous external abort (bus error)");
    }
    prepare_user_return(frame);
}

} // namespace

extern "C" void aarch64_handle_trap(TrapFrame* frame, uint64_t index) {
    Vector vector = Vector::from_index(index);
    if (vector.source == Vector::Source::LowerElAarch64) {
        handle_user_trap(*frame, vector);
        return;
    }
    switch (vector.type) {
    case Vector::Type::Synchronous: break;
    case Vector::Type::Irq:
        if (vector.source != Vector::Source::CurrentElSpx)
            report_unexpected(*frame, vector, "neither SP_EL0 at EL1 nor AArch32 EL0 is ever used");
        aarch64_handle_irq();
        return;
    case Vector::Type::Fiq: report_unexpected(*frame, vector, "no FIQ is ever routed");
    case Vector::Type::SError:
        report_unexpected(*frame, vector, "asynchronous external abort (bus error)");
    }
    if (vector.source == Vector::Source::LowerElAarch32)
        report_unexpected(*frame, vector, "AArch32 user code is not supported");
    if (semihosting::handle_trap(*frame))
        return;
    handle_exception(*frame, decode_exception(Esr{frame->esr}, frame->far, false));
}
