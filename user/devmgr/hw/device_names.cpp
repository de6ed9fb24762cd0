#include <devmgr/hw/device_names.h>

namespace mica::devmgr {

namespace {

struct KnownFunction {
    uint16_t vendor;
    uint16_t device;
    const char* name;
};

constexpr KnownFunction kKnownFunctions[] = {
    {0x8086, 0x29c0, "q35-host-bridge"}, {0x8086, 0x2918, "ich9-lpc"},
    {0x8086, 0x2922, "ich9-ahci"},       {0x8086, 0x2930, "ich9-smbus"},
    {0x8086, 0x10d3, "e1000e"},          {0x8086, 0x100e, "e1000"},
    {0x1234, 0x1111, "qemu-vga"},        {0x1b36, 0x0008, "pcie-host-bridge"},
    {0x1b36, 0x000c, "pcie-root-port"},  {0x1b36, 0x000d, "qemu-xhci"},
};

// PCI Code and ID Assignment Specification: base class codes.
constexpr const char* kClassNames[] = {
    "unclassified", "storage",  "network",        "display",   "multimedia", "memory",
    "bridge",       "serial",   "system",         "input",     "docking",    "processor",
    "serial-bus",   "wireless", "intelligent-io", "satellite", "crypto",     "signal-processing",
};

} // namespace

VirtioType virtio_type_of_pci(uint16_t vendor, uint16_t device, uint16_t subsystem) {
    if (vendor != kVirtioVendor)
        return VirtioType::None;
    if (device >= 0x1040 && device <= 0x107f)
        return VirtioType(device - 0x1040);
    if (device >= 0x1000 && device <= 0x103f)
        return VirtioType(subsystem);
    return VirtioType::None;
}

StringView virtio_type_name(VirtioType type) {
    switch (type) {
    case VirtioType::Network: return "virtio-net";
    case VirtioType::Block: return "virtio-blk";
    case VirtioType::Console: return "virtio-console";
    case VirtioType::Entropy: return "virtio-rng";
    case VirtioType::Gpu: return "virtio-gpu";
    case VirtioType::Input: return "virtio-input";
    default: return "virtio";
    }
}

StringView pci_function_name(uint16_t vendor, uint16_t device, uint16_t subsystem,
                             uint8_t class_code) {
    VirtioType virtio = virtio_type_of_pci(vendor, device, subsystem);
    if (virtio != VirtioType::None)
        return virtio_type_name(virtio);
    for (const KnownFunction& known : kKnownFunctions) {
        if (known.vendor == vendor && known.device == device)
            return known.name;
    }
    if (class_code < sizeof kClassNames / sizeof kClassNames[0])
        return kClassNames[class_code];
    return "unknown";
}

} // namespace mica::devmgr
