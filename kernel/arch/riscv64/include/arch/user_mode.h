#pragma once
// User mode on riscv64 (U-mode through sret). A user thread's TrapFrame sits at the top of its
// kernel stack; every trap from U-mode saves it there again (trap_entry.S):
//   - in U-mode, sscratch holds the thread's kernel stack top; in the kernel it is 0, which is
//     how the vector tells the two apart (csrrw sp, sscratch, sp);
//   - tp belongs to user code in U-mode, so the kernel's tp (this hart's CpuLocal) waits in
//     TrapFrame::kernel_tp, written by the return path right before sret.
// Syscalls are `ecall` with the convention of abi/mica.abi: number in a7, arguments a0..a5,
// status back in a0 and results in a1..a5.

#include <arch/csr.h>
#include <arch/trap_frame.h>
#include <core/panic.h>
#include <lib/types.h>

// trap_entry.S: the common return to user mode (before_user_return, then sret), entered with sp
// at `frame`.
extern "C" [[noreturn]] void riscv64_enter_user(mica::arch::TrapFrame* frame);

namespace mica::arch {

struct UserMode {
    // e_machine of this ISA's user programs (the ELF psABI supplement).
    static constexpr uint16_t kElfMachine = 243;
    static constexpr unsigned kArgumentCount = 6;
    static constexpr unsigned kResultCount = 5;
    static constexpr Reg kNumberRegister = Reg::A7;
    static constexpr Reg kArgumentRegisters[kArgumentCount] = {Reg::A0, Reg::A1, Reg::A2,
                                                               Reg::A3, Reg::A4, Reg::A5};
    static constexpr Reg kStatusRegister = Reg::A0;
    static constexpr Reg kResultRegisters[kResultCount] = {Reg::A1, Reg::A2, Reg::A3, Reg::A4,
                                                           Reg::A5};

    // sret to U-mode with interrupts on (SPIE), the FP registers usable (FS Initial: FpuState
    // switches them), and SUM clear.
    static void init_frame(TrapFrame& frame, uintptr_t entry, uintptr_t stack) {
        frame = TrapFrame{};
        frame.sepc = entry;
        frame.set_reg(Reg::Sp, stack);
        Sstatus status = from_raw<Sstatus>(0);
        status.spp = 0;
        status.spie = 1;
        status.fs = uint64_t(FloatState::Initial);
        status.uxl = kUxl64;
        frame.sstatus = to_raw(status);
    }

    static void set_argument(TrapFrame& frame, unsigned index, uint64_t value) {
        ASSERT(index < kArgumentCount);
        frame.set_reg(kArgumentRegisters[index], value);
    }

    static void enter(TrapFrame& frame) { riscv64_enter_user(&frame); }

    // Nothing to do here: the return to user mode sets sscratch from the frame's own address
    // each time, and sscratch must stay 0 while the kernel runs (a nonzero value would make the
    // next kernel trap look like one from U-mode).
    static void set_kernel_stack(uintptr_t) {}

    static uint64_t syscall_number(const TrapFrame& frame) { return frame.reg(kNumberRegister); }
    static uint64_t syscall_argument(const TrapFrame& frame, unsigned index) {
        return index < kArgumentCount ? frame.reg(kArgumentRegisters[index]) : 0;
    }
    static void set_syscall_results(TrapFrame& frame, uint64_t status,
                                    const uint64_t (&results)[kResultCount]) {
        frame.set_reg(kStatusRegister, status);
        for (unsigned i = 0; i < kResultCount; ++i)
            frame.set_reg(kResultRegisters[i], results[i]);
    }
};

} // namespace mica::arch
