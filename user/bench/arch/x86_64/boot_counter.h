#pragma once
// Instructions since reset, for the boot row. clock_get(0) counts from the kernel's clock set-up
// (it subtracts the TSC it read then), so the raw TSC is read instead: QEMU's TCG TSC is the
// virtual clock, zero at reset and never written by the firmware or the kernel, and user mode
// may read it (CR4.TSD is clear).

#include <lib/types.h>

namespace mica::bench::arch {

inline uint64_t instructions_since_reset() {
    uint32_t low, high;
    asm volatile("rdtsc" : "=a"(low), "=d"(high));
    return uint64_t(high) << 32 | low;
}

} // namespace mica::bench::arch
