#include <devmgr/hw/pci_host.h>

namespace mica::devmgr {

namespace {

// A big-endian number of `cells` 32-bit cells (at most 2) starting at `cell` of `property`.
Optional<uint64_t> read_cells(const FdtProperty& property, size_t cell, uint32_t cells) {
    if (cells == 0 || cells > 2 || cell + cells > property.cell_count())
        return {};
    uint64_t value = 0;
    for (uint32_t i = 0; i < cells; ++i)
        value = value << 32 | property.cell(cell + i).value();
    return value;
}

// IEEE 1275 PCI bus binding: bits 24..25 of phys.hi name the space, bit 30 marks prefetchable.
constexpr uint32_t kSpaceIo = 1;
constexpr uint32_t kSpaceMem32 = 2;
constexpr uint32_t kSpaceMem64 = 3;
constexpr uint32_t kPciAddressCells = 3;

Result<void> read_ranges(const FdtNode& node, uint32_t parent_cells, PciHost& host) {
    Optional<FdtProperty> ranges = node.property("ranges");
    if (!ranges)
        return Error::Malformed; // a host bridge that forwards nothing is useless
    uint32_t size_cells = node.size_cells();
    size_t entry = kPciAddressCells + parent_cells + size_cells;
    if (ranges->cell_count() == 0 || ranges->cell_count() % entry != 0)
        return Error::Malformed;
    for (size_t at = 0; at < ranges->cell_count(); at += entry) {
        uint32_t hi = ranges->cell(at).value();
        Optional<uint64_t> pci = read_cells(ranges.value(), at + 1, 2);
        Optional<uint64_t> cpu = read_cells(ranges.value(), at + kPciAddressCells, parent_cells);
        Optional<uint64_t> size =
            read_cells(ranges.value(), at + kPciAddressCells + parent_cells, size_cells);
        if (!pci || !cpu || !size)
            return Error::Unsupported; // wider than 64 bits
        PciWindow window{cpu.value(), pci.value(), size.value(), (hi >> 30 & 1) != 0};
        switch (hi >> 24 & 3) {
        case kSpaceIo: host.io = window; break;
        case kSpaceMem32: host.mem32 = window; break;
        case kSpaceMem64: host.mem64 = window; break;
        default: break; // configuration space: not a window
        }
    }
    return {};
}

} // namespace

Result<PciHost> pci_host_from_device_tree(const Fdt& fdt) {
    FdtWalker walker(fdt.root());
    while (Optional<FdtNode> node = walker.next()) {
        if (!node->is_compatible("pci-host-ecam-generic") || !node->is_enabled())
            continue;
        if (node->address_cells() != kPciAddressCells)
            return Error::Malformed;
        Optional<FdtNode> parent = node->parent();
        if (!parent)
            return Error::Malformed;
        FdtRegList reg = TRY(node->reg());
        if (reg.count() < 1)
            return Error::Malformed;
        PciHost host;
        host.ecam_base = reg[0].address;
        host.first_bus = 0;
        host.last_bus = 0xff;
        if (Optional<FdtProperty> range = node->property("bus-range")) {
            uint32_t first = range->cell(0).value_or(1), last = range->cell(1).value_or(0);
            if (range->cell_count() != 2 || first > last || last > 0xff)
                return Error::Malformed;
            host.first_bus = uint8_t(first);
            host.last_bus = uint8_t(last);
        }
        // The ECAM window must cover the buses it claims (1 MiB each).
        if (reg[0].size < (uint64_t(host.last_bus) + 1 - host.first_bus) << 20)
            return Error::Malformed;
        // The binding's reg starts at the first bus; ecam_base is kept relative to bus 0.
        host.ecam_base -= uint64_t(host.first_bus) << 20;
        TRY(read_ranges(node.value(), parent->address_cells(), host));
        return host;
    }
    return Error::NotFound;
}

Result<PciHost> pci_host_from_acpi(Bytes tables) {
    // MCFG (PCI Firmware Specification): the 36-byte header, 8 reserved bytes, then 16-byte
    // entries {u64 base address, u16 segment, u8 start bus, u8 end bus, u32 reserved}.
    constexpr size_t kFirstEntry = 44;
    constexpr size_t kEntrySize = 16;
    Optional<Bytes> mcfg;
    TRY(for_each_acpi_table(tables, [&](StringView signature, Bytes table) {
        if (signature == "MCFG" && !mcfg)
            mcfg = Optional<Bytes>(table);
    }));
    if (!mcfg)
        return Error::NotFound;
    if (mcfg.value().size() < kFirstEntry)
        return Error::Malformed;
    for (size_t at = kFirstEntry; at + kEntrySize <= mcfg.value().size(); at += kEntrySize) {
        const uint8_t* entry = mcfg.value().data() + at;
        PciHost host;
        host.ecam_base = load_le64(entry);
        host.segment = load_le16(entry + 8);
        host.first_bus = entry[10];
        host.last_bus = entry[11];
        host.firmware_assigned_bars = true;
        if (host.last_bus < host.first_bus)
            return Error::Malformed;
        if (host.segment == 0)
            return host;
    }
    return Error::NotFound;
}

} // namespace mica::devmgr
