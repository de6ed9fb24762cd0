#include "trap_decode.h"

#include <arch/csr.h>

namespace mica::arch {

namespace {

struct CauseDescription {
    const char* name;
    ExceptionKind kind;
    AccessKind access; // None: stval carries no address
};

constexpr CauseDescription kUnknownCause{"Reserved or custom cause", ExceptionKind::Other,
                                         AccessKind::None};

CauseDescription describe_exception(uint64_t code) {
    using enum ExceptionCode;
    switch (ExceptionCode(code)) {
    case InstructionMisaligned:
        return {"Instruction address misaligned", ExceptionKind::Alignment, AccessKind::Execute};
    case InstructionAccessFault:
        return {"Instruction access fault", ExceptionKind::Protection, AccessKind::Execute};
    case IllegalInstruction:
        return {"Illegal instruction", ExceptionKind::IllegalInstruction, AccessKind::None};
    case Breakpoint: return {"Breakpoint", ExceptionKind::Breakpoint, AccessKind::None};
    case LoadMisaligned:
        return {"Load address misaligned", ExceptionKind::Alignment, AccessKind::Read};
    case LoadAccessFault: return {"Load access fault", ExceptionKind::Protection, AccessKind::Read};
    case StoreMisaligned:
        return {"Store/AMO address misaligned", ExceptionKind::Alignment, AccessKind::Write};
    case StoreAccessFault:
        return {"Store/AMO access fault", ExceptionKind::Protection, AccessKind::Write};
    case EcallFromUser:
        return {"Environment call from U-mode", ExceptionKind::Other, AccessKind::None};
    case EcallFromSupervisor:
        return {"Environment call from S-mode", ExceptionKind::Other, AccessKind::None};
    case InstructionPageFault:
        return {"Instruction page fault", ExceptionKind::PageFault, AccessKind::Execute};
    case LoadPageFault: return {"Load page fault", ExceptionKind::PageFault, AccessKind::Read};
    case StorePageFault:
        return {"Store/AMO page fault", ExceptionKind::PageFault, AccessKind::Write};
    }
    return kUnknownCause;
}

const char* interrupt_name(uint64_t code) {
    switch (InterruptCode(code)) {
    case InterruptCode::SupervisorSoftware: return "Supervisor software interrupt";
    case InterruptCode::SupervisorTimer: return "Supervisor timer interrupt";
    case InterruptCode::SupervisorExternal: return "Supervisor external interrupt";
    }
    return kUnknownCause.name;
}

} // namespace

const char* cause_name(uint64_t scause) {
    Scause cause = from_raw<Scause>(scause);
    return cause.interrupt ? interrupt_name(cause.code) : describe_exception(cause.code).name;
}

ExceptionInfo decode_exception(uint64_t scause, uint64_t stval, uint64_t sstatus) {
    CauseDescription description = describe_exception(from_raw<Scause>(scause).code);
    ExceptionInfo info;
    info.kind = description.kind;
    info.name = description.name;
    info.code = scause;
    info.from_user = from_raw<Sstatus>(sstatus).spp == 0;
    info.access = description.access;
    if (description.access != AccessKind::None) {
        // The faulting address: for instruction faults the target, for loads and stores the
        // data address (QEMU and most hardware fill stval; zero is allowed and means unknown).
        info.has_fault_address = true;
        info.fault_address = stval;
    } else {
        // Illegal instruction: the instruction bits (or 0); breakpoint: the pc (or 0).
        info.detail = stval;
    }
    return info;
}

} // namespace mica::arch
