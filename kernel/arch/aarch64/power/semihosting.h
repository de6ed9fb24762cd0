#pragma once
// Arm semihosting (the "Semihosting for AArch32 and AArch64" spec): HLT #0xF000 asks the host
// (QEMU with -semihosting-config enable=on) to do something for us. Used only to end a run with
// an exit status. Without a host, HLT is an undefined instruction; the trap path recognises the
// one HLT in semihosting_call and turns it into "not available" instead of a crash.

#include <arch/trap_frame.h>
#include <lib/types.h>

namespace mica::arch::semihosting {

// SYS_EXIT with ADP_Stopped_ApplicationExit: QEMU exits with `status`. Returns only when no
// semihosting host is attached.
void exit(uint32_t status);

// Called by the trap path for every synchronous exception before anything else; true when it
// was semihosting_call's HLT faulting (it then returns from the call with "unavailable").
bool handle_trap(TrapFrame& frame);

} // namespace mica::arch::semihosting
