#pragma once
// Turns the trap CSRs (scause, stval, sstatus) into the generic ExceptionInfo. Pure, so the
// in-kernel tests can feed it every cause without taking the trap.

#include <core/exception.h>
#include <lib/types.h>

namespace mica::arch {

// Exception codes of scause when its interrupt bit is clear (Privileged spec, table "Supervisor
// cause register (scause) values after trap").
enum class ExceptionCode : uint64_t {
    InstructionMisaligned = 0,
    InstructionAccessFault = 1,
    IllegalInstruction = 2,
    Breakpoint = 3,
    LoadMisaligned = 4,
    LoadAccessFault = 5,
    StoreMisaligned = 6,
    StoreAccessFault = 7,
    EcallFromUser = 8,
    EcallFromSupervisor = 9,
    InstructionPageFault = 12,
    LoadPageFault = 13,
    StorePageFault = 15,
};

enum class InterruptCode : uint64_t {
    SupervisorSoftware = 1,
    SupervisorTimer = 5,
    SupervisorExternal = 9,
};

// The spec's name for a cause, interrupt or exception ("Load page fault", "Supervisor timer
// interrupt", ...); "Reserved or custom cause" for codes it does not define.
const char* cause_name(uint64_t scause);

// For exceptions only (scause's interrupt bit clear).
ExceptionInfo decode_exception(uint64_t scause, uint64_t stval, uint64_t sstatus);

constexpr uint64_t kScauseInterrupt = 1ull << 63;

} // namespace mica::arch
