#include <devmgr/ecam.h>
#include <mica/print.h>

namespace mica::devmgr {

namespace {
constexpr uint64_t kBusSize = 1 << 20;
}

uint64_t EcamConfigSpace::function_physical(PciAddress address) const {
    return m_host.ecam_base + (uint64_t(address.bus) << 20 | uint64_t(address.device) << 15 |
                               uint64_t(address.function) << 12);
}

volatile uint8_t* EcamConfigSpace::function_base(PciAddress address) {
    if (address.bus < m_host.first_bus || address.bus > m_host.last_bus || address.device > 31 ||
        address.function > 7 || m_failed[address.bus])
        return nullptr;
    driver::MmioMapping& bus = m_buses[address.bus];
    if (!bus.base) {
        auto mapped = driver::map_physical(
            m_resource, m_host.ecam_base + (uint64_t(address.bus) << 20), kBusSize);
        if (mapped.is_error()) {
            println("devmgr: cannot map ECAM for bus {}: {}", address.bus, mapped.error());
            m_failed[address.bus] = true;
            return nullptr;
        }
        bus = mapped.release_value();
    }
    return bus.base + (uint64_t(address.device) << 15 | uint64_t(address.function) << 12);
}

uint32_t EcamConfigSpace::read32(PciAddress address, uint16_t offset) {
    volatile uint8_t* base = function_base(address);
    if (!base || offset >= pci::kFunctionConfigSize || (offset & 3))
        return ~0u;
    return *reinterpret_cast<volatile uint32_t*>(base + offset);
}

void EcamConfigSpace::write32(PciAddress address, uint16_t offset, uint32_t value) {
    volatile uint8_t* base = function_base(address);
    if (!base || offset >= pci::kFunctionConfigSize || (offset & 3))
        return;
    *reinterpret_cast<volatile uint32_t*>(base + offset) = value;
}

} // namespace mica::devmgr
