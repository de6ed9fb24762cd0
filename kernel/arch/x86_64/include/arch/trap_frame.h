#pragma once
// The registers the trap stubs (traps/vectors.S) save on the stack, lowest address first. The
// CPU pushes ss..rip (and an error code for some vectors); the stub pushes a zero error code for
// the others, the vector number and the general registers, so every trap has this one shape.

#include <lib/types.h>

namespace mica::arch {

struct TrapFrame {
    uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
    uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
    uint64_t vector;
    uint64_t error_code; // 0 for vectors without one
    // The hardware interrupt frame (always including ss:rsp in 64-bit mode).
    uint64_t rip, cs, rflags, rsp, ss;

    uintptr_t instruction_pointer() const { return rip; }
    uintptr_t stack_pointer() const { return rsp; }
    uintptr_t frame_pointer() const { return rbp; }
    void set_instruction_pointer(uintptr_t address) { rip = address; }
    // The privilege level the trap came from: the low bits of the saved code selector.
    bool from_user() const { return (cs & 3) != 0; }
};

// traps/vectors.S depends on this layout.
static_assert(sizeof(TrapFrame) == 22 * 8);
static_assert(__builtin_offsetof(TrapFrame, vector) == 15 * 8);
static_assert(__builtin_offsetof(TrapFrame, rip) == 17 * 8);

} // namespace mica::arch
