// devmgr, the driver manager: finds the machine's devices from the platform description (device
// tree or ACPI) and PCI, prints the device list, and serves it on its endpoint.
//
//   devmgr <dtb|acpi> <description size>
//
// Startup handles (from init): RootResource (manage), PlatformDescription, BootArchive (the
// drivers' programs) and Bootstrap, the receive side of the endpoint clients call
// (mica/protocol/devmgr.h).

#include <devmgr/discovery.h>
#include <devmgr/drivers.h>
#include <devmgr/hw/device_list.h>
#include <devmgr/server.h>
#include <mica/print.h>
#include <mica/startup.h>

using namespace mica;
using namespace mica::devmgr;

namespace {

Devices g_devices;
char g_list[8192];

} // namespace

int main() {
    Span<char* const> argv = arguments();
    auto platform = map_platform_description(argv.subspan(argv.size() ? 1 : 0));
    if (platform.is_error()) {
        println("devmgr: {}", platform.error());
        return 1;
    }
    abi::Handle resource = startup_handle(abi::StartupRole::RootResource);
    if (resource == kInvalidHandle) {
        println("devmgr: no RootResource: cannot reach any device");
        return 1;
    }
    discover(resource, platform.value(), g_devices);

    BufferSink sink(g_list, sizeof g_list);
    format_device_list(sink, g_devices.pci, g_devices.dt);
    if (sink.truncated())
        println("devmgr: the device list is longer than {} bytes; the rest is cut", sizeof g_list);
    println("devmgr: {} PCI functions, {} device tree devices:", g_devices.pci.size(),
            g_devices.dt.size());
    print("{}", sink.view());

    abi::Handle endpoint = startup_handle(abi::StartupRole::Bootstrap);
    if (endpoint == kInvalidHandle) {
        println("devmgr: no Bootstrap endpoint to serve on");
        return 1;
    }
    auto archive = BootArchive::open();
    if (archive.is_error()) {
        println("devmgr: cannot read the boot archive: {}", archive.error());
        return 1;
    }
    static Drivers drivers(resource, archive.value(), g_devices);
    drivers.start_all();
    println("devmgr: stopped serving: {}", serve(endpoint, sink.view(), drivers));
    return 1;
}
