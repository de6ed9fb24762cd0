#pragma once
// The registers trap_entry.S saves on every trap, in the order it saves them. The layout is
// shared with the assembly: keep kTrapFrame* below and the offsets in trap_entry.S in step
// (the static_asserts check this side).

#include <arch/csr.h>
#include <lib/types.h>

namespace mica::arch {

// General-purpose registers by ABI name (x0..x31).
// clang-format off
enum class Reg : unsigned {
    Zero, Ra, Sp, Gp, Tp, T0, T1, T2, S0, S1, A0, A1, A2, A3, A4, A5,
    A6, A7, S2, S3, S4, S5, S6, S7, S8, S9, S10, S11, T3, T4, T5, T6,
};
// clang-format on

struct TrapFrame {
    uint64_t x[32]; // x[0] is stored as 0; x[2] is the sp before the trap
    uint64_t sepc;
    uint64_t sstatus;
    uint64_t scause;
    uint64_t stval;
    // User frames only: this hart's CpuLocal (the kernel's tp). The return to user mode stores
    // it here and the next trap from user mode loads it back, since user code owns tp meanwhile;
    // a thread cannot change harts while it runs in user mode, so the value is always the
    // right hart's.
    uint64_t kernel_tp;
    uint64_t reserved; // keeps the size a multiple of 16

    uint64_t reg(Reg r) const { return x[unsigned(r)]; }
    void set_reg(Reg r, uint64_t value) { x[unsigned(r)] = value; }

    uintptr_t instruction_pointer() const { return sepc; }
    uintptr_t stack_pointer() const { return reg(Reg::Sp); }
    uintptr_t frame_pointer() const { return reg(Reg::S0); }
    void set_instruction_pointer(uintptr_t address) { sepc = address; }
    // sstatus.SPP is the privilege the trap came from.
    bool from_user() const { return from_raw<Sstatus>(sstatus).spp == 0; }
};

constexpr size_t kTrapFrameSepc = 256;
constexpr size_t kTrapFrameKernelTp = 288;
constexpr size_t kTrapFrameSize = 304;
static_assert(__builtin_offsetof(TrapFrame, sepc) == kTrapFrameSepc);
static_assert(__builtin_offsetof(TrapFrame, sstatus) == kTrapFrameSepc + 8);
static_assert(__builtin_offsetof(TrapFrame, scause) == kTrapFrameSepc + 16);
static_assert(__builtin_offsetof(TrapFrame, stval) == kTrapFrameSepc + 24);
static_assert(__builtin_offsetof(TrapFrame, kernel_tp) == kTrapFrameKernelTp);
static_assert(sizeof(TrapFrame) == kTrapFrameSize && kTrapFrameSize % 16 == 0,
              "the frame sits on the stack, which the ABI keeps 16-byte aligned");

} // namespace mica::arch
