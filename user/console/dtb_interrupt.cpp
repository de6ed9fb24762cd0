#include "dtb_interrupt.h"

namespace mica::console {

namespace {

constexpr uint32_t kGicSpi = 0;
constexpr uint32_t kGicPpi = 1;
constexpr uint32_t kGicFirstSpi = 32;
constexpr uint32_t kGicFirstPpi = 16;

bool is_gic(const FdtNode& controller) {
    return controller.is_compatible("arm,gic-v3") ||
           controller.is_compatible("arm,cortex-a15-gic") ||
           controller.is_compatible("arm,gic-400") || controller.is_compatible("arm,cortex-a9-gic");
}

bool is_plic(const FdtNode& controller) {
    return controller.is_compatible("riscv,plic0") || controller.is_compatible("sifive,plic-1.0.0");
}

// `interrupt-parent` of the node or its nearest ancestor that has one.
Optional<FdtNode> interrupt_parent(const Fdt& fdt, const FdtNode& node) {
    Optional<FdtNode> current = node;
    while (current) {
        if (auto phandle = current->property_u32("interrupt-parent"))
            return fdt.find_by_phandle(phandle.value());
        current = current->parent();
    }
    return {};
}

} // namespace

Result<uint32_t> dtb_interrupt_line(const Fdt& fdt, const FdtNode& node) {
    auto interrupts = node.property("interrupts");
    if (!interrupts)
        return Error::NotFound;
    auto controller = interrupt_parent(fdt, node);
    if (!controller)
        return Error::NotFound;
    uint32_t cells = controller->property_u32("#interrupt-cells").value_or(0);
    if (cells == 0 || interrupts->cell_count() < cells)
        return Error::Malformed;
    if (is_gic(controller.value()) && cells >= 3) {
        uint32_t type = interrupts->cell(0).value();
        uint32_t number = interrupts->cell(1).value();
        if (type == kGicSpi)
            return kGicFirstSpi + number;
        if (type == kGicPpi)
            return kGicFirstPpi + number;
        return Error::Unsupported;
    }
    if (is_plic(controller.value()) && cells == 1)
        return interrupts->cell(0).value();
    return Error::Unsupported;
}

} // namespace mica::console
