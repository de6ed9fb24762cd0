#pragma once
// A user thread's x87/MMX/SSE registers, saved with fxsave64 into the 512-byte area the
// instruction defines (Intel SDM Vol. 1, 10.5.1). The kernel is built without FP/SIMD
// (arch.cmake), so these registers hold the last user thread's values until the scheduler swaps
// them. XSAVE (AVX and later) is not enabled (CR4.OSXSAVE stays clear), so AVX instructions are
// undefined in user mode and this area is the whole user register file.

#include <lib/types.h>

namespace mica::arch {

struct alignas(16) FpuState {
    static constexpr size_t kAreaSize = 512;
    // Power-on values (Intel SDM Vol. 1, 8.1.5 and 10.2.3.1): x87 exceptions masked, 64-bit
    // precision, round to nearest; SSE exceptions masked, round to nearest.
    static constexpr uint16_t kDefaultControlWord = 0x037f;
    static constexpr uint32_t kDefaultMxcsr = 0x1f80;

    // fxsave64 needs 16-byte alignment; alignas makes heap::make<FpuState> provide it.
    uint8_t area[kAreaSize];

    // Each CPU once: CR0.MP=1, EM=0, TS=0 and CR4.OSFXSR | OSXMMEXCPT, so user mode may run x87
    // and SSE instructions and SIMD exceptions arrive as #XM.
    static void init_this_cpu();
    void reset();
    void save() { asm volatile("fxsave64 %0" : "=m"(area)); }
    void restore() const { asm volatile("fxrstor64 %0" ::"m"(area)); }
};

static_assert(sizeof(FpuState) == FpuState::kAreaSize);

} // namespace mica::arch
