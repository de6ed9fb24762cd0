// FpuState::init_this_cpu: user mode gets FP through the FS field of its own sstatus
// (UserMode::init_frame), so there is nothing to switch on per hart; this checks that the hart
// can run the D instructions FpuState saves and restores, and fails loudly where it cannot.

#include <arch/fpu.h>
#include <core/panic.h>

extern "C" bool riscv64_fpu_has_double();

namespace mica::arch {

void FpuState::init_this_cpu() {
    if (!riscv64_fpu_has_double())
        unimplemented("user floating point on a hart without the F and D extensions");
}

} // namespace mica::arch
