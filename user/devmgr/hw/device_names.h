#pragma once
// Human-readable names for the devices devmgr lists, and the virtio device types (Virtio 1.2,
// 5 "Device Types"; 4.1.2.1: a modern virtio-pci device has PCI device ID 0x1040 + type, a
// transitional one 0x1000..0x103f with the type in its subsystem ID).

#include <lib/string_view.h>
#include <lib/types.h>

namespace mica::devmgr {

constexpr uint16_t kVirtioVendor = 0x1af4;

enum class VirtioType : uint32_t {
    None = 0,
    Network = 1,
    Block = 2,
    Console = 3,
    Entropy = 4,
    Gpu = 16,
    Input = 18,
};

// The virtio type of a PCI function, or None if it is not a virtio device.
VirtioType virtio_type_of_pci(uint16_t vendor, uint16_t device, uint16_t subsystem);

// "virtio-blk", "virtio-rng", ...; "virtio-<n>" is not produced: unknown types give "virtio".
StringView virtio_type_name(VirtioType type);

// A name for well-known PCI functions QEMU offers ("ich9-lpc"), else the class's name
// ("storage", "bridge", ...), else "unknown".
StringView pci_function_name(uint16_t vendor, uint16_t device, uint16_t subsystem,
                             uint8_t class_code);

} // namespace mica::devmgr
