#include <devmgr/discovery.h>
#include <devmgr/hw/interrupts.h>
#include <devmgr/virtio_mmio_probe.h>
#include <mica/heap.h>
#include <mica/print.h>

namespace mica::devmgr {

namespace {

void discover_pci(abi::Handle resource, Devices& devices) {
    PciHost& host = devices.pci_host.value();
    devices.config = new EcamConfigSpace(resource, host);
    if (Result<void> found = enumerate_pci(*devices.config, host, devices.pci); found.is_error())
        println("devmgr: PCI enumeration stopped early: {}", found.error());
    BarAllocator allocator(host);
    for (PciFunction& function : devices.pci) {
        if (Result<void> assigned = allocator.assign(*devices.config, function);
            assigned.is_error())
            println("devmgr: no room for the BARs of {:02x}:{:02x}.{}: {}", function.address.bus,
                    function.address.device, function.address.function, assigned.error());
    }
}

bool start_pci(abi::Handle resource, Result<PciHost> host, Devices& devices) {
    if (host.is_error()) {
        println("devmgr: no PCIe host bridge: {}", host.error());
        return false;
    }
    devices.pci_host = host.value();
    println("devmgr: PCIe ECAM at {:#x}, buses {}..{}{}", host.value().ecam_base,
            host.value().first_bus, host.value().last_bus,
            host.value().firmware_assigned_bars ? " (BARs assigned by firmware)" : "");
    discover_pci(resource, devices);
    return true;
}

void discover_device_tree(abi::Handle resource, const Fdt& fdt, Devices& devices) {
    if (Result<void> listed = collect_dt_devices(fdt, devices.dt); listed.is_error())
        println("devmgr: device tree devices: {}", listed.error());
    if (auto probed = probe_virtio_mmio(resource, devices.dt); probed.is_error())
        println("devmgr: cannot probe virtio-mmio slots: {}", probed.error());
    if (!start_pci(resource, pci_host_from_device_tree(fdt), devices))
        return;
    Optional<FdtNode> host = find_pci_host_node(fdt);
    for (PciFunction& function : devices.pci) {
        if (host && function.interrupt_pin)
            function.interrupt_line =
                pci_intx_line(fdt, host.value(), function.address, function.interrupt_pin)
                    .value_or(0);
    }
}

} // namespace

void discover(abi::Handle resource, const PlatformBlob& platform, Devices& devices) {
    if (platform.format != abi::PlatformFormat::DeviceTree) {
        // ACPI: INTx routing is in the DSDT's _PRT methods (AML), which Mica does not interpret.
        start_pci(resource, pci_host_from_acpi(platform.bytes), devices);
        return;
    }
    Result<Fdt> fdt = Fdt::parse(platform.bytes);
    if (fdt.is_error()) {
        println("devmgr: the device tree does not parse: {}", fdt.error());
        return;
    }
    discover_device_tree(resource, fdt.value(), devices);
}

} // namespace mica::devmgr
