#pragma once
// Running user code on x86_64 (user/ holds the implementation).
//
// A user thread's registers live in the TrapFrame at the very top of its kernel stack. Three ways
// in land there: interrupts and exceptions from CPL 3 (the CPU switches to TSS.rsp0), and the
// syscall instruction (user/syscall_entry.S switches to the same top by hand, since syscall
// changes no stack). One way out: every return to CPL 3 calls mica::before_user_return(), checks
// the frame, then leaves with sysretq (syscalls whose rcx/r11 still hold rip/rflags) or iretq.
//
// The syscall convention (abi/mica.abi): number in rax, arguments in rdi, rsi, rdx, r10, r8, r9
// (r10, not rcx: syscall overwrites rcx with the return rip and r11 with rflags), status in rax,
// results in rdi, rsi, rdx, r10, r8.

#include <arch/trap_frame.h>
#include <lib/types.h>

namespace mica::arch {

// GDT selectors for ring 3, in the order syscall/sysret need (traps/descriptors.h): sysret loads
// SS from IA32_STAR[63:48] + 8 and CS from IA32_STAR[63:48] + 16, each with RPL 3.
constexpr uint16_t kUserDataSelector = 0x18 | 3;
constexpr uint16_t kUserCodeSelector = 0x20 | 3;

// The `vector` a syscall frame carries: not a real vector (those end at 255), so a frame dump tells
// a syscall from an interrupt.
constexpr uint64_t kSyscallFrameVector = 0x100;

struct UserMode {
    // e_machine of this ISA's user programs (the ELF psABI supplement).
    static constexpr uint16_t kElfMachine = 62;
    // User mode at `entry` with rsp = `stack`, IF set, every other register zero.
    static void init_frame(TrapFrame& frame, uintptr_t entry, uintptr_t stack);
    // Argument `index` of the SysV calling convention (rdi, rsi, rdx, rcx, r8, r9), since a user
    // thread starts in an ordinary function. Indexes past 5 are ignored.
    static void set_argument(TrapFrame& frame, unsigned index, uint64_t value);
    // Leaves through `frame` (sched::user_frame() of the current thread), interrupts masked.
    [[noreturn]] static void enter(TrapFrame& frame);
    // `stack_top` is the top of the thread's kernel stack (stack_base + kStackSize): TSS.rsp0 for
    // interrupts and exceptions from CPL 3, and this CPU's syscall stack.
    static void set_kernel_stack(uintptr_t stack_top);

    // Inline, so the syscall path reads and writes the frame's registers directly (a loop over
    // the arguments folds into six loads).
    static uint64_t syscall_number(const TrapFrame& frame) { return frame.rax; }
    static uint64_t syscall_argument(const TrapFrame& frame, unsigned index) {
        switch (index) {
        case 0: return frame.rdi;
        case 1: return frame.rsi;
        case 2: return frame.rdx;
        case 3: return frame.r10;
        case 4: return frame.r8;
        case 5: return frame.r9;
        default: return 0;
        }
    }
    static void set_syscall_results(TrapFrame& frame, uint64_t status,
                                    const uint64_t (&results)[5]) {
        frame.rax = status;
        frame.rdi = results[0];
        frame.rsi = results[1];
        frame.rdx = results[2];
        frame.r10 = results[3];
        frame.r8 = results[4];
    }

    // Each CPU once (boot CPU and every secondary), after its GDT is loaded: EFER.SCE and the
    // syscall MSRs, SMEP and SMAP where the CPU has them.
    static void init_this_cpu();
};

} // namespace mica::arch
