#pragma once
// Where the PCIe host bridge is, from the platform description: the ECAM window (PCIe Base
// Specification, "Enhanced Configuration Access Mechanism": 4 KiB of configuration space per
// function at base + (bus << 20 | device << 15 | function << 12)) and the address windows the
// bridge forwards to PCI, from which BARs are assigned where firmware did not assign them.
//
// Device tree (aarch64, riscv64 virt): the node compatible with "pci-host-ecam-generic": `reg`
// (the ECAM window), `bus-range`, `ranges` (PCI bus address -> CPU address per space).
// ACPI (x86_64 q35): the MCFG table; the firmware (SeaBIOS, OVMF) has already assigned BARs and
// the windows are not needed.

#include <lib/bytes.h>
#include <lib/fdt.h>
#include <lib/result.h>
#include <lib/span.h>

namespace mica::devmgr {

struct PciWindow {
    uint64_t cpu_base = 0;
    uint64_t pci_base = 0;
    uint64_t size = 0; // 0: the bridge has no such window
    bool prefetchable = false;
};

struct PciHost {
    uint64_t ecam_base = 0; // CPU physical address of bus 0's configuration space
    uint8_t first_bus = 0;
    uint8_t last_bus = 0;
    uint16_t segment = 0;
    PciWindow io;
    PciWindow mem32;
    PciWindow mem64;
    bool firmware_assigned_bars = false; // true: keep the BARs as found
};

// The first enabled "pci-host-ecam-generic" node. NotFound without one, Malformed for a
// reg/bus-range/ranges that does not follow the PCI bus binding.
Result<PciHost> pci_host_from_device_tree(const Fdt& fdt);

// `tables`: ACPI tables back to back at 8-byte aligned offsets (abi/startup.h, AcpiTables).
// The first MCFG entry for segment 0. NotFound without an MCFG, Malformed for a table that
// overruns the blob or an entry with end bus < start bus.
Result<PciHost> pci_host_from_acpi(Bytes tables);

// Calls `visit(signature, table)` for every table in an AcpiTables blob; Malformed when a length
// is shorter than the header or runs past the end.
template <typename Visit>
Result<void> for_each_acpi_table(Bytes tables, Visit visit) {
    constexpr size_t kHeader = 36;
    size_t offset = 0;
    while (offset + kHeader <= tables.size()) {
        uint32_t length = load_le32(tables.data() + offset + 4);
        if (length < kHeader || length > tables.size() - offset)
            return Error::Malformed;
        Bytes table = tables.subspan(offset, length);
        visit(StringView(reinterpret_cast<const char*>(table.data()), 4), table);
        offset += (length + 7) & ~size_t{7};
    }
    return {};
}

} // namespace mica::devmgr
