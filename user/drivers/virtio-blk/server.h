#pragma once
// The block protocol (mica/protocol/block.h) over a BlockDevice: sessions by badge, each with
// the data buffer its client moved in at Connect.

#include <drivers/virtio-blk/block_device.h>

namespace mica::virtio {

// Serves `endpoint` (read, write, duplicate: it badges session handles from it) until receiving
// fails; returns why.
SysError serve_block(abi::Handle endpoint, BlockDevice& device);

} // namespace mica::virtio
