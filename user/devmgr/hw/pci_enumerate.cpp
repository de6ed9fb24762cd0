#include <devmgr/hw/pci_enumerate.h>

namespace mica::devmgr {

namespace {

constexpr uint8_t kDevicesPerBus = 32;
constexpr uint8_t kFunctionsPerDevice = 8;

// Sizes BAR `index` (and its upper half for a 64-bit BAR); returns how many BAR slots it used.
unsigned size_bar(ConfigSpace& config, PciAddress address, unsigned index, PciBar& bar) {
    uint16_t offset = uint16_t(pci::kBar0 + 4 * index);
    uint32_t original = config.read32(address, offset);
    config.write32(address, offset, ~0u);
    uint32_t mask = config.read32(address, offset);
    config.write32(address, offset, original);
    if (mask == 0)
        return 1; // not implemented
    if (original & pci::kBarIo) {
        bar.kind = BarKind::Io;
        bar.pci_address = original & ~3u;
        bar.size = (~(mask & ~3u) + 1) & 0xffff;
        return 1;
    }
    bar.prefetchable = original & pci::kBarPrefetchable;
    uint64_t address64 = original & ~0xfu;
    uint64_t mask64 = uint64_t(mask & ~0xfu) | 0xffff'ffff'0000'0000ull;
    unsigned used = 1;
    if ((original & pci::kBarTypeMask) == pci::kBarType64 && index < 5) {
        uint16_t upper = uint16_t(offset + 4);
        uint32_t original_high = config.read32(address, upper);
        config.write32(address, upper, ~0u);
        uint32_t mask_high = config.read32(address, upper);
        config.write32(address, upper, original_high);
        address64 |= uint64_t(original_high) << 32;
        mask64 = (mask64 & 0xffff'ffffull) | uint64_t(mask_high) << 32;
        bar.kind = BarKind::Mem64;
        used = 2;
    } else {
        bar.kind = BarKind::Mem32;
    }
    bar.pci_address = address64;
    bar.size = ~mask64 + 1;
    return used;
}

void read_function(ConfigSpace& config, PciAddress address, PciFunction& function) {
    function.address = address;
    function.vendor = config.read16(address, pci::kVendorId);
    function.device = config.read16(address, pci::kDeviceId);
    uint32_t class_word = config.read32(address, pci::kRevision);
    function.revision = uint8_t(class_word);
    function.prog_if = uint8_t(class_word >> 8);
    function.subclass = uint8_t(class_word >> 16);
    function.class_code = uint8_t(class_word >> 24);
    function.header_type = config.read8(address, pci::kHeaderType) & pci::kHeaderTypeMask;
    function.interrupt_pin = config.read8(address, pci::kInterruptPin);
    unsigned bar_count = 0;
    if (function.header_type == pci::kHeaderDevice) {
        function.subsystem_vendor = config.read16(address, pci::kSubsystemVendor);
        function.subsystem = config.read16(address, pci::kSubsystemId);
        bar_count = 6;
    } else if (function.header_type == pci::kHeaderBridge) {
        bar_count = 2;
    }
    if (bar_count == 0)
        return;
    // Sizing writes garbage into the BARs for a moment: stop decoding meanwhile.
    uint16_t command = config.read16(address, pci::kCommand);
    config.write16(address, pci::kCommand,
                   command & ~(pci::kCommandIoSpace | pci::kCommandMemorySpace));
    for (unsigned index = 0; index < bar_count;)
        index += size_bar(config, address, index, function.bars[index]);
    config.write16(address, pci::kCommand, command);
}

Result<void> scan_bus(ConfigSpace& config, const PciHost& host, uint8_t bus,
                      PciFunctions& functions, unsigned depth) {
    for (uint8_t device = 0; device < kDevicesPerBus; ++device) {
        for (uint8_t fn = 0; fn < kFunctionsPerDevice; ++fn) {
            PciAddress address{bus, device, fn};
            if (config.read16(address, pci::kVendorId) == 0xffff) {
                if (fn == 0)
                    break; // no device: function 0 is mandatory
                continue;
            }
            PciFunction function;
            read_function(config, address, function);
            TRY(functions.try_append(function));
            if (function.header_type == pci::kHeaderBridge) {
                uint8_t secondary = config.read8(address, pci::kSecondaryBus);
                // Depth bounds a loop of misnumbered bridges; 255 buses is the most there are.
                if (secondary > bus && secondary <= host.last_bus && depth < 255)
                    TRY(scan_bus(config, host, secondary, functions, depth + 1));
            }
            bool multifunction =
                config.read8(address, pci::kHeaderType) & pci::kHeaderMultifunction;
            if (fn == 0 && !multifunction)
                break;
        }
    }
    return {};
}

} // namespace

Result<void> enumerate_pci(ConfigSpace& config, const PciHost& host, PciFunctions& functions) {
    return scan_bus(config, host, host.first_bus, functions, 0);
}

BarAllocator::BarAllocator(const PciHost& host)
    : m_mem32(host.mem32), m_mem64(host.mem64), m_next32(host.mem32.pci_base),
      m_next64(host.mem64.pci_base), m_firmware_assigned(host.firmware_assigned_bars) {}

Result<uint64_t> BarAllocator::take(PciWindow& window, uint64_t& next, uint64_t size) {
    if (window.size == 0 || size == 0 || (size & (size - 1)) != 0)
        return Error::NoMemory;
    uint64_t start = (next + size - 1) & ~(size - 1);
    if (start < next || start - window.pci_base > window.size ||
        size > window.size - (start - window.pci_base))
        return Error::NoMemory;
    next = start + size;
    return start;
}

Result<void> BarAllocator::assign(ConfigSpace& config, PciFunction& function) {
    for (unsigned index = 0; index < 6; ++index) {
        PciBar& bar = function.bars[index];
        if (bar.kind != BarKind::Mem32 && bar.kind != BarKind::Mem64)
            continue;
        if (!m_firmware_assigned) {
            bool wide = bar.kind == BarKind::Mem64 && m_mem64.size != 0;
            PciWindow& window = wide ? m_mem64 : m_mem32;
            uint64_t& next = wide ? m_next64 : m_next32;
            bar.pci_address = TRY(take(window, next, bar.size));
            uint16_t offset = uint16_t(pci::kBar0 + 4 * index);
            uint32_t flags = config.read32(function.address, offset) & 0xf;
            config.write32(function.address, offset, uint32_t(bar.pci_address) | flags);
            if (bar.kind == BarKind::Mem64)
                config.write32(function.address, uint16_t(offset + 4),
                               uint32_t(bar.pci_address >> 32));
        }
        // Translate through whichever window holds it (identity when there are none: ACPI).
        bar.cpu_address = bar.pci_address;
        const PciWindow* windows[] = {&m_mem32, &m_mem64};
        for (const PciWindow* window : windows) {
            if (window->size && bar.pci_address >= window->pci_base &&
                bar.pci_address - window->pci_base < window->size)
                bar.cpu_address = bar.pci_address - window->pci_base + window->cpu_base;
        }
    }
    return {};
}

void enable_memory_and_bus_master(ConfigSpace& config, const PciFunction& function) {
    uint16_t command = config.read16(function.address, pci::kCommand);
    config.write16(function.address, pci::kCommand,
                   command | pci::kCommandMemorySpace | pci::kCommandBusMaster);
}

} // namespace mica::devmgr
