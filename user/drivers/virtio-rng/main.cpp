// virtio-rng: the driver for one virtio entropy device, started by devmgr.
//
//   virtio-rng pci <bar>:<size>...  |  virtio-rng mmio <offset> <size>
//
// (the transport, drivers/virtio/startup_transport.h). Other startup handles: DmaResource
// (dma_memory_create), Bootstrap, the endpoint it serves the entropy protocol on
// (mica/protocol/rng.h), and DeviceInterrupt when devmgr could route one.

#include <drivers/virtio-rng/entropy_device.h>
#include <drivers/virtio-rng/server.h>
#include <drivers/virtio/startup_transport.h>
#include <mica/print.h>
#include <mica/startup.h>

using namespace mica;
using namespace mica::virtio;

namespace {

SysResult<void> run(Span<char* const> arguments) {
    Transport* transport = TRY(startup_transport(arguments));
    abi::Handle dma = startup_handle(abi::StartupRole::DmaResource);
    abi::Handle interrupt = startup_handle(abi::StartupRole::DeviceInterrupt);
    EntropyDevice* device = TRY(EntropyDevice::start(*transport, dma, interrupt));
    println("virtio-rng: {}", device->interrupt_driven() ? "interrupt-driven" : "polling");
    abi::Handle endpoint = startup_handle(abi::StartupRole::Bootstrap);
    if (endpoint == kInvalidHandle)
        return SysError{abi::Status::NotFound, "Bootstrap", "no endpoint to serve on"};
    return serve_entropy(endpoint, *device);
}

} // namespace

int main() {
    Span<char* const> argv = arguments();
    auto result = run(argv.subspan(argv.size() ? 1 : 0));
    println("virtio-rng: stopped: {}", result.is_error() ? result.error() : SysError{});
    return 1;
}
