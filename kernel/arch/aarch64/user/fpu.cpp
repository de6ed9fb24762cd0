// FpuState (include/arch/fpu.h): turning FP/SIMD on for user mode, and a new thread's state.

#include <arch/fpu.h>

namespace mica::arch {

namespace {

// CPACR_EL1.FPEN, bits 21:20: 0b11 = no FP/SIMD traps at EL0 or EL1. (0b01 would trap EL1
// only, but save/restore run at EL1; the kernel's code never uses FP/SIMD either way.)
constexpr unsigned kCpacrFpenShift = 20;
constexpr uint64_t kCpacrFpenMask = 3ull << kCpacrFpenShift;
constexpr uint64_t kCpacrFpenNoTraps = 3ull << kCpacrFpenShift;

} // namespace

void FpuState::init_this_cpu() {
    uint64_t cpacr;
    asm volatile("mrs %0, cpacr_el1" : "=r"(cpacr));
    cpacr = (cpacr & ~kCpacrFpenMask) | kCpacrFpenNoTraps;
    asm volatile("msr cpacr_el1, %0\n isb" ::"r"(cpacr) : "memory");
}

void FpuState::reset() { *this = FpuState{}; }

} // namespace mica::arch
