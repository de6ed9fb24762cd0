#pragma once
// Decoding the Exception Syndrome Register (ESR_EL1, Arm ARM D19.2.37) into names and into the
// generic ExceptionInfo. Pure functions of the register values, so tests can feed them syndromes
// that are hard to provoke.

#include <core/exception.h>
#include <lib/types.h>

namespace mica::arch {

// ESR.EC values the kernel names (Arm ARM, "Exception Class" table).
enum class ExceptionClass : uint8_t {
    Unknown = 0x00,
    TrappedWfiWfe = 0x01,
    TrappedFpSimd = 0x07,
    BranchTarget = 0x0d,
    IllegalExecutionState = 0x0e,
    SvcAarch32 = 0x11,
    SvcAarch64 = 0x15,
    HvcAarch64 = 0x16,
    SmcAarch64 = 0x17,
    TrappedSystemRegister = 0x18,
    TrappedSve = 0x19,
    PointerAuthFailure = 0x1c,
    TrappedSme = 0x1d,
    InstructionAbortLowerEl = 0x20,
    InstructionAbortSameEl = 0x21,
    PcAlignment = 0x22,
    DataAbortLowerEl = 0x24,
    DataAbortSameEl = 0x25,
    SpAlignment = 0x26,
    FpExceptionAarch32 = 0x28,
    FpExceptionAarch64 = 0x2c,
    SError = 0x2f,
    BreakpointLowerEl = 0x30,
    BreakpointSameEl = 0x31,
    SoftwareStepLowerEl = 0x32,
    SoftwareStepSameEl = 0x33,
    WatchpointLowerEl = 0x34,
    WatchpointSameEl = 0x35,
    BkptAarch32 = 0x38,
    BrkAarch64 = 0x3c,
};

struct Esr {
    uint64_t raw = 0;

    ExceptionClass exception_class() const { return ExceptionClass((raw >> 26) & 0x3f); }
    // IL: the trapped instruction was 32 bits (always, for A64).
    bool instruction_is_32_bit() const { return (raw >> 25) & 1; }
    uint32_t iss() const { return raw & 0x1ff'ffff; }

    // Instruction and data aborts: ISS fields.
    uint8_t fault_status() const { return iss() & 0x3f; } // IFSC / DFSC
    bool write_not_read() const { return (iss() >> 6) & 1; }
    bool cache_maintenance() const { return (iss() >> 8) & 1; }
    bool far_not_valid() const { return (iss() >> 10) & 1; }
    // BRK: the immediate of the instruction.
    uint16_t brk_immediate() const { return iss() & 0xffff; }

    bool is_abort() const;
};

// "EC 0x3c BRK instruction"; "EC 0x?? unrecognised" for classes the table does not know.
const char* exception_class_name(ExceptionClass ec);

// A decoded IFSC/DFSC: "translation fault" at level 3, or "alignment fault" without a level.
struct FaultStatus {
    static constexpr int8_t kNoLevel = -128;
    const char* description = "reserved fault status code";
    int8_t level = kNoLevel; // -1..3 for faults in a table walk
    ExceptionKind kind = ExceptionKind::Other;
};
FaultStatus decode_fault_status(uint8_t fault_status);

// The generic view of a synchronous exception taken with this syndrome and fault address.
ExceptionInfo decode_exception(Esr esr, uint64_t far, bool from_user);

} // namespace mica::arch
