#pragma once
// The entropy protocol (mica/protocol/rng.h) over an EntropyDevice.

#include <drivers/virtio-rng/entropy_device.h>

namespace mica::virtio {

// Serves `endpoint` until receiving fails; returns why.
SysError serve_entropy(abi::Handle endpoint, EntropyDevice& device);

} // namespace mica::virtio
