#pragma once
// Entering EL0 and the syscall registers (the arch contract's UserMode), abi/mica.abi's aarch64
// line: `svc #0`, number in x8, arguments x0..x5, status in x0 and results in x1..x5.
//
// No kernel stack needs installing per thread: an exception from EL0 is taken on SP_EL1, and
// every way into EL0 (enter() below, the eret at the end of trap/vectors.S) leaves SP_EL1 at the
// end of the frame it returned through, the top of the thread's kernel stack. The per-CPU pointer
// (TPIDR_EL1) is out of EL0's reach, so there is nothing to swap either.

#include <arch/trap_frame.h>
#include <lib/types.h>

namespace mica::arch {

struct UserMode {
    // e_machine of this ISA's user programs (the ELF psABI supplement).
    static constexpr uint16_t kElfMachine = 183;
    static constexpr unsigned kArgumentRegisters = 6; // x0..x5
    static constexpr unsigned kResultRegisters = 5;   // x1..x5
    static constexpr unsigned kNumberRegister = 8;    // x8
    // What syscall_number() says for `svc` with an immediate other than 0: no syscall has it,
    // so the generic dispatch answers bad_syscall.
    static constexpr uint64_t kBadSyscallNumber = ~0ull;

    // EL0t, AArch64, DAIF clear (interrupts enabled); all registers zero.
    static void init_frame(TrapFrame& frame, uintptr_t entry, uintptr_t stack_pointer);
    // x0..x5.
    static void set_argument(TrapFrame& frame, unsigned index, uint64_t value);
    // before_user_return(frame), then SP_EL1 := the end of the frame, every register from it and
    // eret (user/enter.S).
    [[noreturn]] static void enter(TrapFrame& frame);
    static void set_kernel_stack(uintptr_t) {}

    static uint64_t syscall_number(const TrapFrame& frame) {
        return svc_immediate(frame.esr) == 0 ? frame.x[kNumberRegister] : kBadSyscallNumber;
    }
    static uint64_t syscall_argument(const TrapFrame& frame, unsigned index) {
        return index < kArgumentRegisters ? frame.x[index] : 0;
    }
    static void set_syscall_results(TrapFrame& frame, uint64_t status,
                                    const uint64_t (&results)[kResultRegisters]) {
        frame.x[0] = status;
        for (unsigned i = 0; i < kResultRegisters; ++i)
            frame.x[1 + i] = results[i];
    }

private:
    // ESR_EL1 ISS of an SVC: the instruction's 16-bit immediate.
    static uint64_t svc_immediate(uint64_t esr) { return esr & 0xffff; }
};

} // namespace mica::arch
