#pragma once
// The last step of every path into EL0: the trap return (trap/trap.cpp) and the first entry
// (UserMode::enter).

#include <arch/trap_frame.h>

namespace mica::arch {

// Masks interrupts, calls mica::before_user_return(frame) (which may end the thread instead) and
// makes sure the eret through `frame` lands in AArch64 EL0, whatever generic code wrote there.
void prepare_user_return(TrapFrame& frame);

} // namespace mica::arch
