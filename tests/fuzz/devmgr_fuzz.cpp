// libFuzzer target for devmgr's readers of the platform description (user/devmgr/hw): the PCIe
// host from a device tree or an ACPI table blob, and the device tree's device list. The input is
// tried both ways. Any input must give an error or a result, never a crash, hang or
// out-of-bounds read (build with -fsanitize=fuzzer,address,undefined).
//
// Seeds: the .dtb files fdt_data.cmake builds; ACPI blobs need none (the walker is small).

#include <devmgr/hw/device_list.h>
#include <devmgr/hw/dt_devices.h>
#include <devmgr/hw/pci_host.h>

#include <stddef.h>
#include <stdint.h>

using namespace mica;
using namespace mica::devmgr;

namespace {

class NullSink final : public FormatSink {
public:
    void write(StringView text) override { length += text.length(); }
    size_t length = 0;
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    Bytes bytes(data, size);
    volatile uint64_t sink = 0;
    if (auto host = pci_host_from_acpi(bytes); host.is_ok())
        sink = sink + host.value().ecam_base + host.value().last_bus;
    if (auto fdt = Fdt::parse(bytes); fdt.is_ok()) {
        if (auto host = pci_host_from_device_tree(fdt.value()); host.is_ok())
            sink = sink + host.value().ecam_base + host.value().mem32.size + host.value().io.size;
        DtDevices devices;
        (void)collect_dt_devices(fdt.value(), devices);
        NullSink text;
        format_device_list(text, PciFunctions(), devices);
        sink = sink + text.length;
    }
    return 0;
}
