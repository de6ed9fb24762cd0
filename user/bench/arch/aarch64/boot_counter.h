#pragma once
// Instructions since reset, for the boot row. clock_get(0) is CNTVCT_EL0 in ns: QEMU's virtual
// counter is the virtual clock (zero at reset, CNTVOFF 0 as the kernel is entered at EL1), at
// 62.5 MHz, so this is exact to 16 instructions.

#include <support.h>

namespace mica::bench::arch {

inline uint64_t instructions_since_reset() { return now(); }

} // namespace mica::bench::arch
