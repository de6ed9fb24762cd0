// FpuState: x87/SSE for user mode, and its save area (include/arch/fpu.h).

#include <arch/fpu.h>
#include <arch/registers.h>
#include <core/panic.h>

namespace mica::arch {

namespace {

// Where fxsave64 keeps the control registers (Intel SDM Vol. 1, Table 10-2).
constexpr size_t kControlWordOffset = 0;
constexpr size_t kMxcsrOffset = 24;

} // namespace

void FpuState::init_this_cpu() {
    // Every x86_64 CPU has fxsave and SSE2; checked so a strange virtual CPU fails loudly.
    if (!(cpuid(1).edx & cpuid_bits::kLeaf1EdxFxsr))
        panic("x86_64: CPU without fxsave/fxrstor; cannot keep user FP/SIMD state");
    uint64_t cr0 = read_cr0();
    cr0 = (cr0 | cr0::kMonitorCoprocessor | cr0::kNumericError) &
          ~(cr0::kEmulation | cr0::kTaskSwitched);
    write_cr0(cr0);
    write_cr4(read_cr4() | cr4::kOsFxsr | cr4::kOsXmmExcept);
}

void FpuState::reset() {
    __builtin_memset(area, 0, sizeof area);
    // An abridged tag word of 0 (offset 4) means every x87 register is empty.
    __builtin_memcpy(area + kControlWordOffset, &kDefaultControlWord, sizeof kDefaultControlWord);
    __builtin_memcpy(area + kMxcsrOffset, &kDefaultMxcsr, sizeof kDefaultMxcsr);
}

} // namespace mica::arch
