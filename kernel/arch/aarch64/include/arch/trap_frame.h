#pragma once
// The registers saved by the exception vectors (trap/vectors.S) on every exception entry. The
// layout is shared with the assembly through trap/frame_layout.h and checked below.
//
// A trap from EL0 lands on SP_EL1, which in user mode is always the top of the thread's kernel
// stack, so its frame is exactly sched::user_frame() and UserMode::enter() leaves through it.

#include <arch/aarch64/trap/frame_layout.h>
#include <lib/types.h>

namespace mica::arch {

struct TrapFrame {
    uint64_t x[31]; // x0..x30; x29 is the frame pointer, x30 the link register
    uint64_t sp;    // the stack pointer of the interrupted context (SP_EL0 for user mode)
    uint64_t elr;   // where the exception was taken (the faulting instruction for aborts)
    uint64_t spsr;  // PSTATE of the interrupted context
    uint64_t esr;   // syndrome: exception class and details
    uint64_t far;   // faulting address, where the exception class has one
    // The user thread pointer: saved and restored only for traps from EL0 (the kernel never
    // touches it), so each user thread keeps its own across switches.
    uint64_t tpidr_el0;
    uint64_t padding;
    // {x29, elr}: a frame record, so a backtrace from inside the handler continues into the
    // interrupted code. {0, elr} for traps from EL0: a backtrace must not follow user pointers.
    uint64_t record[2];

    uintptr_t instruction_pointer() const { return elr; }
    uintptr_t stack_pointer() const { return sp; }
    uintptr_t frame_pointer() const { return x[29]; }
    uintptr_t link_register() const { return x[30]; }
    void set_instruction_pointer(uintptr_t address) { elr = address; }
    bool from_user() const { return (spsr & SPSR_MODE_MASK) == 0; }
};

static_assert(__builtin_offsetof(TrapFrame, x) == TRAP_FRAME_X0);
static_assert(__builtin_offsetof(TrapFrame, sp) == TRAP_FRAME_SP);
static_assert(__builtin_offsetof(TrapFrame, elr) == TRAP_FRAME_ELR);
static_assert(__builtin_offsetof(TrapFrame, spsr) == TRAP_FRAME_SPSR);
static_assert(__builtin_offsetof(TrapFrame, esr) == TRAP_FRAME_ESR);
static_assert(__builtin_offsetof(TrapFrame, far) == TRAP_FRAME_FAR);
static_assert(__builtin_offsetof(TrapFrame, tpidr_el0) == TRAP_FRAME_TPIDR_EL0);
static_assert(__builtin_offsetof(TrapFrame, record) == TRAP_FRAME_RECORD);
static_assert(sizeof(TrapFrame) == TRAP_FRAME_SIZE);
static_assert(sizeof(TrapFrame) % 16 == 0, "the stack pointer must stay 16-byte aligned");

} // namespace mica::arch
