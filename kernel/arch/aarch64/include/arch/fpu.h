#pragma once
// A user thread's FP/SIMD registers (the arch contract's FpuState): v0..v31 (128 bits each),
// FPCR and FPSR. The kernel is built with -mgeneral-regs-only, so these hold user values from a
// thread's trap until the scheduler switches away from it, and save()/restore() (user/fpu.S) at
// switch time is all it takes. SVE and SME stay trapped (CPACR_EL1.ZEN/SMEN = 0): a user that
// tries them is killed, and their wider registers never need saving.

#include <lib/types.h>

namespace mica::arch {

struct alignas(16) FpuState {
    uint64_t v[32][2]; // v0..v31: low, high 64 bits
    uint64_t fpcr;
    uint64_t fpsr;

    // CPACR_EL1.FPEN = 0b11: FP/SIMD without traps at EL0 (and at EL1, which never uses it).
    static void init_this_cpu();
    // Zero registers, FPCR 0: round to nearest, no trapped exceptions, IEEE NaN and denormals.
    void reset();
    void save();
    void restore() const;
};

// user/fpu.S relies on these offsets.
static_assert(__builtin_offsetof(FpuState, fpcr) == 512);
static_assert(__builtin_offsetof(FpuState, fpsr) == 520);

} // namespace mica::arch

extern "C" void aarch64_fpu_save(mica::arch::FpuState* state);
extern "C" void aarch64_fpu_restore(const mica::arch::FpuState* state);

namespace mica::arch {
inline void FpuState::save() { aarch64_fpu_save(this); }
inline void FpuState::restore() const { aarch64_fpu_restore(this); }
} // namespace mica::arch
