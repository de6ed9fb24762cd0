#pragma once
// Which interrupt line a device tree node's `interrupts` property names, in the numbering the
// kernel's interrupt_create takes on each controller: the GIC's interrupt IDs (an SPI n is
// 32 + n, a PPI n is 16 + n: the GIC binding's first cell says which) and the PLIC's source
// numbers (one cell, used as is). Touches no hardware.

#include <lib/fdt.h>
#include <lib/result.h>

namespace mica::console {

// The first interrupt of `node`. NotFound without `interrupts` or an interrupt parent,
// Unsupported for a controller this does not know, Malformed for a short property.
Result<uint32_t> dtb_interrupt_line(const Fdt& fdt, const FdtNode& node);

} // namespace mica::console
