#pragma once
// Device interrupt lines from the device tree, numbered as the kernel's interrupt_create takes
// them: GIC INTIDs on aarch64 (an SPI written <0 N flags> is 32 + N, a PPI <1 N flags> 16 + N),
// PLIC source numbers on riscv64 (<N>).
//
// A memory-mapped device names its line in `interrupts`, decoded by its interrupt parent (its
// own or an ancestor's `interrupt-parent`). A PCI function's INTx pin goes through the host
// bridge's `interrupt-map` (IEEE 1275 PCI bus binding, "Open Firmware Recommended Practice:
// Interrupt Mapping"): each entry is {PCI unit address (3 cells), pin (1 cell), parent phandle,
// parent unit address (#address-cells of the parent), parent specifier (its #interrupt-cells)},
// matched after and-ing the child's address and pin with `interrupt-map-mask`.

#include <devmgr/hw/pci_config.h>
#include <lib/fdt.h>

namespace mica::devmgr {

// The first line in `node`'s `interrupts`. NotFound without one, Unsupported for an interrupt
// controller whose specifiers this does not decode.
Result<uint32_t> dt_interrupt_line(const Fdt& fdt, const FdtNode& node);

// The line INTx `pin` (1..4 = INTA..INTD) of `function` raises, through `host`'s interrupt-map.
Result<uint32_t> pci_intx_line(const Fdt& fdt, const FdtNode& host, PciAddress function,
                               uint8_t pin);

// The first enabled "pci-host-ecam-generic" node, for pci_intx_line.
Optional<FdtNode> find_pci_host_node(const Fdt& fdt);

} // namespace mica::devmgr
