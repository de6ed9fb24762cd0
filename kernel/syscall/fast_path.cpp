// The work of the syscalls an arch entry answers before it builds a TrapFrame (see each ISA's
// syscall entry assembly). Such a syscall must need nothing of the generic path: no user memory,
// no handle, no blocking, no reschedule and no kill check (interrupts stay masked throughout, so
// a kill or a reschedule asked for meanwhile is an interrupt taken right after the return, whose
// own return path runs before_user_return()). Only clock_get(0) qualifies and is hot enough.

#include <abi/mica_abi.h>
#include <arch/timer.h>

// The entry assembly tests these numbers itself; these keep it in step with abi/mica.abi.
static_assert(uint64_t(mica::abi::Syscall::ClockGet) == 37);
static_assert(uint64_t(mica::abi::Status::Ok) == 0);

// clock_get(0)'s result: the same clock sys_clock_get reads (sched::now_ns()).
extern "C" uint64_t mica_fast_clock_get() { return mica::arch::Clock::now_ns(); }
