#pragma once
// Instructions since reset, for the boot row. clock_get(0) is the `time` CSR in ns: QEMU's
// ACLINT timer counts the virtual clock from zero at reset at 10 MHz, so this is exact to 100
// instructions (OpenSBI, which runs first, is included).

#include <support.h>

namespace mica::bench::arch {

inline uint64_t instructions_since_reset() { return now(); }

} // namespace mica::bench::arch
