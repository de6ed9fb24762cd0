#pragma once
// PCI configuration space: the registers devmgr uses (PCI Local Bus Specification 3.0, chapter 6,
// "Configuration Space"; the PCIe extended space is not needed here), and the interface through
// which enumeration reads and writes them (ECAM in devmgr, a fake in the host tests).

#include <lib/types.h>

namespace mica::devmgr {

struct PciAddress {
    uint8_t bus = 0;
    uint8_t device = 0;   // 0..31
    uint8_t function = 0; // 0..7
};

namespace pci {
// Type 0 and type 1 header (the first 16 bytes are shared).
constexpr uint16_t kVendorId = 0x00; // 0xffff: no function here
constexpr uint16_t kDeviceId = 0x02;
constexpr uint16_t kCommand = 0x04;
constexpr uint16_t kStatus = 0x06;
constexpr uint16_t kRevision = 0x08;   // then prog-if, subclass, class code
constexpr uint16_t kHeaderType = 0x0e; // bit 7: multifunction device
constexpr uint16_t kBar0 = 0x10;
constexpr uint16_t kSubsystemVendor = 0x2c; // type 0 only
constexpr uint16_t kSubsystemId = 0x2e;
constexpr uint16_t kCapabilitiesPointer = 0x34;
constexpr uint16_t kInterruptLine = 0x3c;
constexpr uint16_t kInterruptPin = 0x3d; // 1..4: INTA#..INTD#, 0: none
// Type 1 (PCI-to-PCI bridge).
constexpr uint16_t kPrimaryBus = 0x18;
constexpr uint16_t kSecondaryBus = 0x19;
constexpr uint16_t kSubordinateBus = 0x1a;

constexpr uint16_t kCommandIoSpace = 1 << 0;
constexpr uint16_t kCommandMemorySpace = 1 << 1;
constexpr uint16_t kCommandBusMaster = 1 << 2;
constexpr uint16_t kCommandInterruptDisable = 1 << 10;
constexpr uint16_t kStatusCapabilities = 1 << 4;

constexpr uint8_t kHeaderTypeMask = 0x7f;
constexpr uint8_t kHeaderMultifunction = 0x80;
constexpr uint8_t kHeaderDevice = 0;
constexpr uint8_t kHeaderBridge = 1;

constexpr uint32_t kBarIo = 1 << 0;     // bit 0 of a BAR: I/O space
constexpr uint32_t kBarType64 = 2 << 1; // bits 2:1 of a memory BAR: 10 = 64-bit
constexpr uint32_t kBarTypeMask = 3 << 1;
constexpr uint32_t kBarPrefetchable = 1 << 3;

constexpr size_t kFunctionConfigSize = 4096; // ECAM: one page per function
} // namespace pci

// 32-bit accesses at 4-byte aligned offsets; the narrower helpers pick bytes out of them. A
// function that is absent (or a bus that cannot be reached) reads as all ones.
class ConfigSpace {
public:
    virtual uint32_t read32(PciAddress address, uint16_t offset) = 0;
    virtual void write32(PciAddress address, uint16_t offset, uint32_t value) = 0;

    uint16_t read16(PciAddress address, uint16_t offset) {
        return uint16_t(read32(address, offset & ~3) >> (offset & 2) * 8);
    }
    uint8_t read8(PciAddress address, uint16_t offset) {
        return uint8_t(read32(address, offset & ~3) >> (offset & 3) * 8);
    }
    // Read-modify-write of the containing word. Careful with the status register (write 1 to
    // clear): writing the command register writes back status bits as zeros.
    void write16(PciAddress address, uint16_t offset, uint16_t value);
    void write8(PciAddress address, uint16_t offset, uint8_t value);

protected:
    ~ConfigSpace() = default;
};

} // namespace mica::devmgr
