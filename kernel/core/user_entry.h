#pragma once
// Where every backend's trap path hands user-mode events to generic code. Each is called with
// interrupts masked and on the thread's kernel stack, with `frame` at sched::user_frame().
//
//   trap from user mode -> syscall instruction -> handle_syscall(frame)
//                       -> exception           -> handle_exception(frame, info) (from_user)
//                       -> interrupt           -> the usual handle_* and interrupt_exit()
//   and then, on every one of these paths    -> before_user_return(frame) -> back to user mode

namespace mica {

namespace arch {
struct TrapFrame;
}

// Decodes the syscall registers (arch::UserMode), runs the syscall with interrupts enabled and
// stores its status and results in the frame. Returns with interrupts masked.
void handle_syscall(arch::TrapFrame& frame);

// The last word before user mode: runs a reschedule a wakeup asked for while interrupts were
// masked, and a thread whose process is being killed exits here instead (never returning).
// Interrupts masked. On every return, so the common case is a few loads and no calls.
void before_user_return(arch::TrapFrame& frame);

} // namespace mica
