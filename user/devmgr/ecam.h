#pragma once
// PCI configuration space through ECAM, mapped one bus (1 MiB) at a time as enumeration reaches
// it: most machines use bus 0 only, and mapping a whole 256 MiB window would cost 64 Ki page
// table entries for nothing.

#include <devmgr/hw/pci_config.h>
#include <devmgr/hw/pci_host.h>
#include <drivers/support/mmio.h>

namespace mica::devmgr {

class EcamConfigSpace final : public ConfigSpace {
public:
    EcamConfigSpace(abi::Handle resource, const PciHost& host)
        : m_resource(resource), m_host(host) {}

    uint32_t read32(PciAddress address, uint16_t offset) override;
    void write32(PciAddress address, uint16_t offset, uint32_t value) override;

    // Physical address of one function's 4 KiB of configuration space (what a driver is granted).
    uint64_t function_physical(PciAddress address) const;

private:
    // nullptr when the bus is outside the host's range or cannot be mapped (reported once).
    volatile uint8_t* function_base(PciAddress address);

    abi::Handle m_resource;
    PciHost m_host;
    driver::MmioMapping m_buses[256];
    bool m_failed[256] = {};
};

} // namespace mica::devmgr
