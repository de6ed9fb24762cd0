#pragma once
// The two 8259A PICs of the PC. The I/O APIC replaces them; they are reprogrammed onto vectors
// 0x20-0x2f (away from the exception vectors, in case one still raises a spurious IRQ 7 or 15)
// and every line is masked.

namespace mica::arch {

void disable_legacy_pic();

} // namespace mica::arch
