#pragma once
// The registers saved by the exception vectors (trap/vectors.S) on every exception entry. The
// layout is shared with the assembly through trap/frame_layout.h and checked below.

#include <arch/aarch64/trap/frame_layout.h>
#include <lib/types.h>

namespace mica::arch {

struct TrapFrame {
    uint64_t x[31]; // x0..x30; x29 is the frame pointer, x30 the link register
    uint64_t sp;    // the stack pointer of the interrupted context
    uint64_t elr;   // where the exception was taken (the faulting instruction for aborts)
    uint64_t spsr;  // PSTATE of the interrupted context
    uint64_t esr;   // syndrome: exception class and details
    uint64_t far;   // faulting address, where the exception class has one
    // {x29, elr}: a frame record, so a backtrace from inside the handler continues into the
    // interrupted code.
    uint64_t record[2];

    uintptr_t instruction_pointer() const { return elr; }
    uintptr_t stack_pointer() const { return sp; }
    uintptr_t frame_pointer() const { return x[29]; }
    uintptr_t link_register() const { return x[30]; }
    void set_instruction_pointer(uintptr_t address) { elr = address; }
};

static_assert(__builtin_offsetof(TrapFrame, x) == TRAP_FRAME_X0);
static_assert(__builtin_offsetof(TrapFrame, sp) == TRAP_FRAME_SP);
static_assert(__builtin_offsetof(TrapFrame, elr) == TRAP_FRAME_ELR);
static_assert(__builtin_offsetof(TrapFrame, spsr) == TRAP_FRAME_SPSR);
static_assert(__builtin_offsetof(TrapFrame, esr) == TRAP_FRAME_ESR);
static_assert(__builtin_offsetof(TrapFrame, far) == TRAP_FRAME_FAR);
static_assert(__builtin_offsetof(TrapFrame, record) == TRAP_FRAME_RECORD);
static_assert(sizeof(TrapFrame) == TRAP_FRAME_SIZE);
static_assert(sizeof(TrapFrame) % 16 == 0, "the stack pointer must stay 16-byte aligned");

} // namespace mica::arch
