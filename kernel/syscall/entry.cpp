// The generic syscall path: decode, dispatch (generated from abi/mica.abi), store the results.

#include <abi/kernel_syscalls.h>
#include <arch/cpu_local.h>
#include <arch/interrupts.h>
#include <arch/user_mode.h>
#include <core/user_entry.h>
#include <object/user_thread.h>
#include <sched/scheduler.h>
#include <syscall/context.h>
#include <syscall/ipc_fast_path.h>

namespace mica {

namespace syscall {

abi::Status to_status(Error error) {
    switch (error) {
    case Error::InvalidArgument: return abi::Status::InvalidArgument;
    case Error::OutOfRange: return abi::Status::OutOfRange;
    case Error::NotFound: return abi::Status::NotFound;
    case Error::NoMemory: return abi::Status::NoMemory;
    case Error::Malformed: return abi::Status::InvalidArgument;
    case Error::Truncated: return abi::Status::InvalidArgument;
    case Error::Unsupported: return abi::Status::Unsupported;
    case Error::Full: return abi::Status::NoResources;
    case Error::AlreadyExists: return abi::Status::AlreadyExists;
    case Error::TimedOut: return abi::Status::TimedOut;
    case Error::BadHandle: return abi::Status::BadHandle;
    case Error::WrongType: return abi::Status::WrongType;
    case Error::AccessDenied: return abi::Status::AccessDenied;
    case Error::PeerClosed: return abi::Status::PeerClosed;
    case Error::BadState: return abi::Status::BadState;
    case Error::ShouldWait: return abi::Status::ShouldWait;
    case Error::BadAddress: return abi::Status::BadAddress;
    // The thread never sees this: before_user_return() ends it first.
    case Error::Interrupted: return abi::Status::PeerClosed;
    }
    return abi::Status::InvalidArgument;
}

} // namespace syscall

// flatten: the generated dispatch() inlined here reads the arguments straight from the frame and
// writes the results straight back, with no argument or result block in between.
[[gnu::flatten]] void handle_syscall(arch::TrapFrame& frame) {
    uint64_t number = arch::UserMode::syscall_number(frame);
    // Register-only IPC skips the generic layers (ipc_fast_path.cpp).
    if (syscall::is_ipc_fast_path_candidate(number) && syscall::ipc_fast_path(frame, number))
        return;
    abi::SyscallArgs args;
    for (unsigned i = 0; i < abi::kMaxSyscallArgs; ++i)
        args.value[i] = arch::UserMode::syscall_argument(frame, i);
    arch::Interrupts::enable();
    abi::SyscallReturn result = syscall::dispatch(number, args);
    arch::Interrupts::disable();
    arch::UserMode::set_syscall_results(frame, result.status, result.value);
}

// Every return to user mode passes here, so the common case is a few loads straight from this
// CPU's CpuLocal (interrupts are masked: the thread cannot move) and no calls: is the thread's
// process being killed, and did a wakeup ask this CPU to reschedule while interrupts were masked
// (a wakeup with interrupts enabled reschedules at once: sched::detail::preempt_point)?
void before_user_return(arch::TrapFrame&) {
    CpuLocal* cpu = arch::CpuLocalAccess::current();
    if (cpu->scheduler && cpu->scheduler->need_resched.load(MemoryOrder::Relaxed)) [[unlikely]] {
        sched::preempt_if_needed();
        cpu = arch::CpuLocalAccess::current(); // maybe another CPU by now
    }
    // After the switch above, so a kill that came while other threads ran is seen.
    auto* thread = static_cast<UserThread*>(cpu->current_thread->user_thread);
    if (thread && thread->process().is_dying()) [[unlikely]]
        UserThread::exit_current(abi::kExitKilled);
}

} // namespace mica
