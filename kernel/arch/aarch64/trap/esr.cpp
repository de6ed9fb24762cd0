#include <arch/aarch64/trap/esr.h>

namespace mica::arch {

namespace {

struct ClassInfo {
    ExceptionClass ec;
    const char* name;
    ExceptionKind kind;
};

// Classes whose kind does not depend on the ISS (aborts are refined by their fault status).
constexpr ClassInfo kClasses[] = {
    {ExceptionClass::Unknown, "EC 0x00 unknown reason (undefined instruction)",
     ExceptionKind::IllegalInstruction},
    {ExceptionClass::TrappedWfiWfe, "EC 0x01 trapped WFI/WFE", ExceptionKind::Protection},
    {ExceptionClass::TrappedFpSimd, "EC 0x07 trapped FP/SIMD access", ExceptionKind::Protection},
    {ExceptionClass::BranchTarget, "EC 0x0d branch target exception", ExceptionKind::Protection},
    {ExceptionClass::IllegalExecutionState, "EC 0x0e illegal execution state",
     ExceptionKind::IllegalInstruction},
    {ExceptionClass::SvcAarch32, "EC 0x11 SVC (AArch32)", ExceptionKind::Other},
    {ExceptionClass::SvcAarch64, "EC 0x15 SVC", ExceptionKind::Other},
    {ExceptionClass::HvcAarch64, "EC 0x16 HVC", ExceptionKind::Other},
    {ExceptionClass::SmcAarch64, "EC 0x17 SMC", ExceptionKind::Other},
    {ExceptionClass::TrappedSystemRegister, "EC 0x18 trapped MSR/MRS/system instruction",
     ExceptionKind::Protection},
    {ExceptionClass::TrappedSve, "EC 0x19 trapped SVE access", ExceptionKind::Protection},
    {ExceptionClass::PointerAuthFailure, "EC 0x1c pointer authentication failure",
     ExceptionKind::Protection},
    {ExceptionClass::TrappedSme, "EC 0x1d trapped SME access", ExceptionKind::Protection},
    {ExceptionClass::InstructionAbortLowerEl, "EC 0x20 instruction abort from a lower EL",
     ExceptionKind::PageFault},
    {ExceptionClass::InstructionAbortSameEl, "EC 0x21 instruction abort", ExceptionKind::PageFault},
    {ExceptionClass::PcAlignment, "EC 0x22 PC alignment fault", ExceptionKind::Alignment},
    {ExceptionClass::DataAbortLowerEl, "EC 0x24 data abort from a lower EL",
     ExceptionKind::PageFault},
    {ExceptionClass::DataAbortSameEl, "EC 0x25 data abort", ExceptionKind::PageFault},
    {ExceptionClass::SpAlignment, "EC 0x26 SP alignment fault", ExceptionKind::Alignment},
    {ExceptionClass::FpExceptionAarch32, "EC 0x28 FP exception (AArch32)",
     ExceptionKind::Arithmetic},
    {ExceptionClass::FpExceptionAarch64, "EC 0x2c FP exception", ExceptionKind::Arithmetic},
    {ExceptionClass::SError, "EC 0x2f SError", ExceptionKind::Other},
    {ExceptionClass::BreakpointLowerEl, "EC 0x30 hardware breakpoint from a lower EL",
     ExceptionKind::Breakpoint},
    {ExceptionClass::BreakpointSameEl, "EC 0x31 hardware breakpoint", ExceptionKind::Breakpoint},
    {ExceptionClass::SoftwareStepLowerEl, "EC 0x32 software step from a lower EL",
     ExceptionKind::Breakpoint},
    {ExceptionClass::SoftwareStepSameEl, "EC 0x33 software step", ExceptionKind::Breakpoint},
    {ExceptionClass::WatchpointLowerEl, "EC 0x34 watchpoint from a lower EL",
     ExceptionKind::Breakpoint},
    {ExceptionClass::WatchpointSameEl, "EC 0x35 watchpoint", ExceptionKind::Breakpoint},
    {ExceptionClass::BkptAarch32, "EC 0x38 BKPT (AArch32)", ExceptionKind::Breakpoint},
    {ExceptionClass::BrkAarch64, "EC 0x3c BRK instruction", ExceptionKind::Breakpoint},
};

const ClassInfo* find_class(ExceptionClass ec) {
    for (const ClassInfo& info : kClasses) {
        if (info.ec == ec)
            return &info;
    }
    return nullptr;
}

bool is_instruction_abort(ExceptionClass ec) {
    return ec == ExceptionClass::InstructionAbortLowerEl ||
           ec == ExceptionClass::InstructionAbortSameEl;
}

bool is_data_abort(ExceptionClass ec) {
    return ec == ExceptionClass::DataAbortLowerEl || ec == ExceptionClass::DataAbortSameEl;
}

bool is_watchpoint(ExceptionClass ec) {
    return ec == ExceptionClass::WatchpointLowerEl || ec == ExceptionClass::WatchpointSameEl;
}

} // namespace

bool Esr::is_abort() const {
    return is_instruction_abort(exception_class()) || is_data_abort(exception_class());
}

const char* exception_class_name(ExceptionClass ec) {
    if (const ClassInfo* info = find_class(ec))
        return info->name;
    return "EC unrecognised exception class";
}

FaultStatus decode_fault_status(uint8_t fault_status) {
    // Level-indexed groups: the low two bits are the lookup level (0..3).
    struct Group {
        uint8_t first;
        const char* description;
        ExceptionKind kind;
    };
    constexpr Group kGroups[] = {
        {0x00, "address size fault", ExceptionKind::PageFault},
        {0x04, "translation fault", ExceptionKind::PageFault},
        {0x08, "access flag fault", ExceptionKind::PageFault},
        {0x0c, "permission fault", ExceptionKind::PageFault},
        {0x14, "synchronous external abort on table walk", ExceptionKind::Other},
        {0x1c, "parity/ECC error on table walk", ExceptionKind::Other},
    };
    for (const Group& group : kGroups) {
        if ((fault_status & ~3u) == group.first)
            return {group.description, int8_t(fault_status & 3), group.kind};
    }
    // Level -1 (52-bit addresses with FEAT_LPA2) and the codes without a level.
    switch (fault_status) {
    case 0x29: return {"address size fault", -1, ExceptionKind::PageFault};
    case 0x2b: return {"translation fault", -1, ExceptionKind::PageFault};
    case 0x13: return {"synchronous external abort on table walk", -1, ExceptionKind::Other};
    case 0x1b: return {"parity/ECC error on table walk", -1, ExceptionKind::Other};
    case 0x10: return {"synchronous external abort", FaultStatus::kNoLevel, ExceptionKind::Other};
    case 0x11: return {"synchronous tag check fault", FaultStatus::kNoLevel, ExceptionKind::Other};
    case 0x18: return {"parity/ECC error", FaultStatus::kNoLevel, ExceptionKind::Other};
    case 0x21: return {"alignment fault", FaultStatus::kNoLevel, ExceptionKind::Alignment};
    case 0x30: return {"TLB conflict abort", FaultStatus::kNoLevel, ExceptionKind::Other};
    case 0x31:
        return {"unsupported atomic hardware update", FaultStatus::kNoLevel, ExceptionKind::Other};
    case 0x34:
        return {"implementation defined fault (lockdown)", FaultStatus::kNoLevel,
                ExceptionKind::Other};
    case 0x35:
        return {"implementation defined fault (unsupported exclusive or atomic)",
                FaultStatus::kNoLevel, ExceptionKind::Other};
    }
    return {};
}

ExceptionInfo decode_exception(Esr esr, uint64_t far, bool from_user) {
    ExceptionClass ec = esr.exception_class();
    const ClassInfo* known = find_class(ec);

    ExceptionInfo info;
    info.name = exception_class_name(ec);
    info.kind = known ? known->kind : ExceptionKind::Other;
    info.code = esr.raw;
    info.detail = esr.iss();
    info.from_user = from_user;

    if (esr.is_abort()) {
        info.kind = decode_fault_status(esr.fault_status()).kind;
        info.has_fault_address = !esr.far_not_valid();
        if (is_instruction_abort(ec))
            info.access = AccessKind::Execute;
        else
            info.access = esr.write_not_read() ? AccessKind::Write : AccessKind::Read;
    } else if (ec == ExceptionClass::PcAlignment) {
        info.has_fault_address = true;
        info.access = AccessKind::Execute;
    } else if (is_watchpoint(ec)) {
        info.has_fault_address = true;
        info.access = esr.write_not_read() ? AccessKind::Write : AccessKind::Read;
    }
    if (info.has_fault_address)
        info.fault_address = far;
    return info;
}

} // namespace mica::arch
