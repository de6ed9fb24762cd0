#pragma once
// Walking the PCI hierarchy through configuration space: every function on every reachable bus
// (multifunction devices, bridges the firmware numbered), with its identity and its BARs sized.
// BARs are sized the standard way (PCI Local Bus Specification 3.0, 6.2.5.1): with decoding
// off, write all ones, read back the writable bits, restore the original value.

#include <devmgr/hw/pci_config.h>
#include <devmgr/hw/pci_host.h>
#include <lib/fixed_vector.h>

namespace mica::devmgr {

enum class BarKind : uint8_t { None, Io, Mem32, Mem64 };

struct PciBar {
    BarKind kind = BarKind::None;
    bool prefetchable = false;
    uint64_t pci_address = 0; // as programmed in the BAR (0: unassigned)
    uint64_t cpu_address = 0; // where the CPU reaches it (set by assign/translate)
    uint64_t size = 0;
};

struct PciFunction {
    PciAddress address;
    uint16_t vendor = 0;
    uint16_t device = 0;
    uint8_t class_code = 0;
    uint8_t subclass = 0;
    uint8_t prog_if = 0;
    uint8_t revision = 0;
    uint8_t header_type = 0; // without the multifunction bit
    uint16_t subsystem_vendor = 0;
    uint16_t subsystem = 0;
    uint8_t interrupt_pin = 0;   // 1..4 = INTA..INTD
    uint32_t interrupt_line = 0; // where the pin is routed (hw/interrupts.h); 0: not known
    PciBar bars[6];
};

constexpr size_t kMaxPciFunctions = 64;
using PciFunctions = FixedVector<PciFunction, kMaxPciFunctions>;

// Scans from the host's first bus. Error::Full when there are more functions than fit (those
// found are kept). Bridges are followed when they have a secondary bus number; an unnumbered
// bridge (no firmware on DT platforms) is listed but not crossed.
Result<void> enumerate_pci(ConfigSpace& config, const PciHost& host, PciFunctions& functions);

// Gives every unassigned memory BAR an address from the host's windows (64-bit BARs from the
// 64-bit window when there is one, else the 32-bit window), aligned to its size, and fills in
// cpu_address for all memory BARs. I/O BARs are left alone (nothing Mica drives needs them).
// Error::NoMemory when a window is exhausted.
class BarAllocator {
public:
    explicit BarAllocator(const PciHost& host);
    Result<void> assign(ConfigSpace& config, PciFunction& function);

private:
    Result<uint64_t> take(PciWindow& window, uint64_t& next, uint64_t size);
    PciWindow m_mem32;
    PciWindow m_mem64;
    uint64_t m_next32;
    uint64_t m_next64;
    bool m_firmware_assigned;
};

// Turns on memory decoding and bus mastering (the device may DMA) for a function we drive.
void enable_memory_and_bus_master(ConfigSpace& config, const PciFunction& function);

} // namespace mica::devmgr
