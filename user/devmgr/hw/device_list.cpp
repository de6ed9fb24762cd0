#include <devmgr/hw/device_list.h>
#include <devmgr/hw/device_names.h>

namespace mica::devmgr {

void format_pci_function(FormatSink& sink, const PciFunction& function) {
    format(sink, "pci {:02x}:{:02x}.{} {:04x}:{:04x} class {:02x}.{:02x}.{:02x} {}",
           function.address.bus, function.address.device, function.address.function,
           function.vendor, function.device, function.class_code, function.subclass,
           function.prog_if,
           pci_function_name(function.vendor, function.device, function.subsystem,
                             function.class_code));
}

void format_dt_device(FormatSink& sink, const DtDevice& device) {
    if (device.is_virtio_mmio) {
        format(sink, "mmio {:#010x} virtio,mmio {}{}", device.base,
               virtio_type_name(VirtioType(device.virtio_id)),
               device.virtio_version == 1 ? " legacy" : "");
        return;
    }
    format(sink, "mmio {:#010x} {} {}", device.base, StringView(device.compatible),
           StringView(device.name));
}

void format_device_list(FormatSink& sink, const PciFunctions& pci, const DtDevices& dt) {
    for (const PciFunction& function : pci) {
        format_pci_function(sink, function);
        sink.write("\n");
    }
    for (const DtDevice& device : dt) {
        if (device.is_virtio_mmio && device.virtio_id == 0)
            continue;
        format_dt_device(sink, device);
        sink.write("\n");
    }
}

} // namespace mica::devmgr
