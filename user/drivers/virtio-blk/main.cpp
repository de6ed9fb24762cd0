// virtio-blk: the driver for one virtio block device, started by devmgr.
//
//   virtio-blk pci <bar>:<size>...  |  virtio-blk mmio <offset> <size>
//
// (the transport: drivers/virtio/startup_transport.h). Other startup handles: DmaResource
// (dma_memory_create), Bootstrap, the endpoint it serves the block protocol on
// (mica/protocol/block.h), and DeviceInterrupt when devmgr could route one.

#include <drivers/virtio-blk/block_device.h>
#include <drivers/virtio-blk/server.h>
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
    BlockDevice* device = TRY(BlockDevice::start(*transport, dma, interrupt));
    println("virtio-blk: {} sectors of {} bytes{}, {}", device->sector_count(),
            BlockDevice::kSectorSize, device->read_only() ? ", read-only" : "",
            device->interrupt_driven() ? "interrupt-driven" : "polling");
    abi::Handle endpoint = startup_handle(abi::StartupRole::Bootstrap);
    if (endpoint == kInvalidHandle)
        return SysError{abi::Status::NotFound, "Bootstrap", "no endpoint to serve on"};
    return serve_block(endpoint, *device);
}

} // namespace

int main() {
    Span<char* const> argv = arguments();
    auto result = run(argv.subspan(argv.size() ? 1 : 0));
    println("virtio-blk: stopped: {}", result.is_error() ? result.error() : SysError{});
    return 1;
}
