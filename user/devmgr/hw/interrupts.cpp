#include <devmgr/hw/interrupts.h>

namespace mica::devmgr {

namespace {

constexpr uint32_t kGicSpi = 0, kGicPpi = 1;
constexpr uint32_t kGicSpiBase = 32, kGicPpiBase = 16;

// The controller `phandle` names, with its #interrupt-cells and #address-cells.
struct Controller {
    FdtNode node;
    uint32_t interrupt_cells;
    uint32_t address_cells;
};

Result<Controller> controller(const Fdt& fdt, uint32_t phandle) {
    Optional<FdtNode> node = fdt.find_by_phandle(phandle);
    if (!node)
        return Error::NotFound;
    Optional<uint32_t> cells = node.value().property_u32("#interrupt-cells");
    if (!cells || cells.value() == 0 || cells.value() > 4)
        return Error::Malformed;
    // A controller's unit address in an interrupt-map is usually 0 cells; the GIC has 2.
    uint32_t address = node.value().property_u32("#address-cells").value_or(0);
    if (address > 4)
        return Error::Malformed;
    return Controller{node.value(), cells.value(), address};
}

// Decodes one specifier of `controller` (cells[0..interrupt_cells)).
Result<uint32_t> decode(const Controller& controller, const FdtProperty& property, size_t at) {
    if (at + controller.interrupt_cells > property.cell_count())
        return Error::Malformed;
    const FdtNode& node = controller.node;
    if (node.is_compatible("riscv,plic0") || node.is_compatible("sifive,plic-1.0.0")) {
        if (controller.interrupt_cells != 1)
            return Error::Malformed;
        return property.cell(at).value();
    }
    if (node.is_compatible("arm,cortex-a15-gic") || node.is_compatible("arm,gic-400") ||
        node.is_compatible("arm,gic-v3")) {
        if (controller.interrupt_cells < 3)
            return Error::Malformed;
        uint32_t type = property.cell(at).value(), number = property.cell(at + 1).value();
        if (type == kGicSpi && number < 988)
            return kGicSpiBase + number;
        if (type == kGicPpi && number < 16)
            return kGicPpiBase + number;
        return Error::Unsupported;
    }
    return Error::Unsupported;
}

// The node's interrupt-parent, or the nearest ancestor's.
Optional<uint32_t> interrupt_parent(const FdtNode& node) {
    Optional<FdtNode> at = node;
    while (at) {
        if (Optional<uint32_t> parent = at.value().property_u32("interrupt-parent"))
            return parent;
        at = at.value().parent();
    }
    return {};
}

} // namespace

Result<uint32_t> dt_interrupt_line(const Fdt& fdt, const FdtNode& node) {
    Optional<FdtProperty> interrupts = node.property("interrupts");
    Optional<uint32_t> parent = interrupt_parent(node);
    if (!interrupts || !parent)
        return Error::NotFound;
    Controller target = TRY(controller(fdt, parent.value()));
    return decode(target, interrupts.value(), 0);
}

Optional<FdtNode> find_pci_host_node(const Fdt& fdt) {
    FdtWalker walker(fdt.root());
    while (Optional<FdtNode> node = walker.next()) {
        if (node.value().is_compatible("pci-host-ecam-generic") && node.value().is_enabled())
            return node;
    }
    return {};
}

Result<uint32_t> pci_intx_line(const Fdt& fdt, const FdtNode& host, PciAddress function,
                               uint8_t pin) {
    if (pin < 1 || pin > 4)
        return Error::InvalidArgument;
    Optional<FdtProperty> map = host.property("interrupt-map");
    Optional<FdtProperty> mask = host.property("interrupt-map-mask");
    if (!map || !mask || mask.value().cell_count() != 4)
        return Error::NotFound;
    // phys.hi of a function's unit address: bus << 16 | device << 11 | function << 8.
    uint32_t child[4] = {uint32_t(function.bus) << 16 | uint32_t(function.device) << 11 |
                             uint32_t(function.function) << 8,
                         0, 0, pin};
    for (int i = 0; i < 4; ++i)
        child[i] &= mask.value().cell(size_t(i)).value();
    const FdtProperty& entries = map.value();
    for (size_t at = 0; at + 5 <= entries.cell_count();) {
        bool match = true;
        for (size_t i = 0; i < 4; ++i)
            match = match && entries.cell(at + i).value() == child[i];
        Controller parent = TRY(controller(fdt, entries.cell(at + 4).value()));
        size_t specifier = at + 5 + parent.address_cells;
        if (match)
            return decode(parent, entries, specifier);
        at = specifier + parent.interrupt_cells;
    }
    return Error::NotFound;
}

} // namespace mica::devmgr
