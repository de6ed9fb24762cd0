#pragma once
// The GDT, TSS and IDT of the boot CPU. Long mode ignores segmentation for addresses, but it
// still needs a 64-bit code selector, a TSS for the interrupt stacks, and an IDT that sends each
// exception vector to its stub in vectors.S.

#include <lib/types.h>

namespace mica::arch {

// Interrupt stack table slots (1-based, as the IDT encodes them). Exceptions that may arrive on
// a broken stack switch to a known good one.
enum class InterruptStack : uint8_t {
    None = 0,
    DoubleFault = 1,
    Nmi = 2,
    MachineCheck = 3,
};

// Loads the GDT (with the TSS) and the IDT, replacing the boot GDT of entry32.S.
void install_descriptor_tables();

} // namespace mica::arch
