#pragma once
// The checks every return to user mode makes on its TrapFrame, as pure functions so kernel tests
// can try frames they could not safely return through.

#include <arch/registers.h>
#include <arch/trap_frame.h>
#include <arch/user_mode.h>
#include <core/layout.h>

namespace mica::arch::user_frame {

// The rflags bits user mode may hold (all it can change with popf at CPL 3 and IOPL 0, and RF,
// which iretq uses to resume past an instruction breakpoint). IF is always set on the way out;
// IOPL, VM and the virtual-interrupt bits never are.
constexpr uint64_t kUserFlags = rflags::kCarry | rflags::kParity | rflags::kAuxiliaryCarry |
                                rflags::kZero | rflags::kSign | rflags::kTrap | rflags::kDirection |
                                rflags::kOverflow | rflags::kNestedTask | rflags::kResume |
                                rflags::kAlignmentCheck | rflags::kId;

// 48-bit virtual addresses: canonical means bits 63..47 all equal; user space is the lower half.
constexpr uint64_t kLowerHalfEnd = 1ull << 47;

// iretq faults in the kernel (after swapgs) on a non-canonical rip, and a kernel-half rip or rsp
// is no user state either. Generic code may set both from user-supplied values (a new thread's
// entry and stack), so a frame failing this is the process's fault.
constexpr bool is_returnable(const TrapFrame& frame) {
    return frame.rip < kLowerHalfEnd && frame.rsp < kLowerHalfEnd;
}

// Ring 3 selectors and user flags, whatever generic code left there: a frame can never carry the
// kernel's privilege back out.
constexpr void sanitize(TrapFrame& frame) {
    frame.cs = kUserCodeSelector;
    frame.ss = kUserDataSelector;
    frame.rflags = (frame.rflags & kUserFlags) | rflags::kReservedOne | rflags::kInterruptEnable;
}

// Whether sysretq restores a sanitized frame exactly: it takes rip from rcx and rflags from r11
// (clearing RF), and faults in ring 0 on a non-canonical rip (Intel), so only a frame whose rcx and
// r11 already hold those (a syscall's own, unless generic code changed them) and whose rip is in
// user space, far from the canonical edge, qualifies. iretq handles every other frame.
constexpr bool sysret_restores(const TrapFrame& frame) {
    return frame.rip < kUserSpaceEnd && frame.rcx == frame.rip && frame.r11 == frame.rflags &&
           !(frame.rflags & rflags::kResume);
}

} // namespace mica::arch::user_frame
