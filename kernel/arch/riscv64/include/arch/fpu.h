#pragma once
// A user thread's floating-point state: f0..f31 (64 bits each with D) and fcsr. The kernel is
// built for rv64imac and runs with sstatus.FS Off, so user values survive traps untouched; the
// scheduler saves and restores them when it switches threads (fpu.S, which turns FS on only
// for the copy). User mode's own FS lives in its TrapFrame's sstatus (UserMode::init_frame).

#include <lib/types.h>

namespace mica::arch {
struct FpuState;
}

extern "C" void riscv64_fpu_save(mica::arch::FpuState* state);
extern "C" void riscv64_fpu_restore(const mica::arch::FpuState* state);

namespace mica::arch {

struct alignas(16) FpuState {
    static constexpr unsigned kRegisterCount = 32;

    uint64_t f[kRegisterCount];
    uint64_t fcsr; // rounding mode (frm) and accrued exception flags (fflags)

    // Checks that this hart has F and D (sstatus.FS is WARL: it reads 0 without them), then
    // leaves FS Off for the kernel.
    static void init_this_cpu();
    // Zeroes, round to nearest, no flags (RISC-V FP never traps, so there are no masks).
    void reset() { *this = FpuState{}; }
    void save() { riscv64_fpu_save(this); }
    void restore() const { riscv64_fpu_restore(this); }
};

// fpu.S's offsets.
constexpr size_t kFpuStateFcsr = 256;
static_assert(__builtin_offsetof(FpuState, fcsr) == kFpuStateFcsr);

} // namespace mica::arch
