#pragma once
// PAN (Privileged Access Never, FEAT_PAN, Armv8.1): while PSTATE.PAN is set, the kernel's own
// loads and stores fault on pages user mode may access, so a stray kernel pointer into user
// memory cannot go unnoticed. The user copies (user/copy.S) use LDTR/STTR, which PAN does not
// affect, so it stays set for good.

namespace mica::arch {

// Each CPU, early (boot_main.cpp, smp/start_cpu.cpp): where the CPU has FEAT_PAN, sets PSTATE.PAN
// and clears SCTLR_EL1.SPAN, so that every exception taken to EL1 sets PAN again whatever the
// interrupted context had. Without FEAT_PAN (cortex-a72) it does nothing.
void enable_privileged_access_never();

} // namespace mica::arch
