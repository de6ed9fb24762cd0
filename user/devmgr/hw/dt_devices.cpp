#include <devmgr/hw/dt_devices.h>
#include <devmgr/hw/interrupts.h>

namespace mica::devmgr {

namespace {

void copy_text(char* target, size_t capacity, StringView text) {
    size_t length = min(text.length(), capacity - 1);
    for (size_t i = 0; i < length; ++i)
        target[i] = text[i];
    target[length] = '\0';
}

bool is_device_bus(const FdtNode& node) {
    return node.is_root() || node.is_compatible("simple-bus");
}

} // namespace

Result<void> collect_dt_devices(const Fdt& fdt, DtDevices& devices) {
    FdtWalker walker(fdt.root());
    while (Optional<FdtNode> found = walker.next()) {
        const FdtNode& node = found.value();
        if (node.is_root() || !node.is_enabled() || node.is_compatible("pci-host-ecam-generic"))
            continue;
        Optional<StringView> compatible = node.property_string("compatible");
        if (!compatible || node.base_name() == "memory" || node.is_compatible("simple-bus"))
            continue;
        Optional<FdtNode> parent = node.parent();
        if (!parent || !is_device_bus(parent.value()))
            continue;
        Result<FdtRegList> reg = node.reg();
        if (reg.is_error() || reg.value().count() == 0)
            continue;
        FdtReg window = reg.value()[0];
        Result<uint64_t> base = node.translate_address(window.address);
        DtDevice device;
        copy_text(device.name, sizeof device.name, node.name());
        copy_text(device.compatible, sizeof device.compatible, compatible.value());
        device.base = base.is_ok() ? base.value() : window.address;
        device.size = window.size;
        device.is_virtio_mmio = node.is_compatible("virtio,mmio");
        device.interrupt_line = dt_interrupt_line(fdt, node).value_or(0);
        TRY(devices.try_append(device));
    }
    return {};
}

} // namespace mica::devmgr
