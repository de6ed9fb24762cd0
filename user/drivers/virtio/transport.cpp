#include <drivers/virtio/transport.h>

namespace mica::virtio {

uint64_t Transport::config_read64(uint32_t offset) {
    for (;;) {
        uint8_t before = config_generation();
        uint64_t value = config_read32(offset) | uint64_t(config_read32(offset + 4)) << 32;
        if (config_generation() == before)
            return value;
    }
}

namespace {

SysError fail(Transport& transport, const char* step, const char* detail) {
    transport.set_status(transport.status() | status::kFailed);
    return SysError{abi::Status::Unsupported, step, detail};
}

} // namespace

SysResult<uint64_t> start_device(Transport& transport, uint64_t wanted, uint64_t required) {
    transport.set_status(0);
    if (transport.status() != 0)
        return fail(transport, "virtio reset", "the device did not reset");
    transport.set_status(status::kAcknowledge);
    transport.set_status(status::kAcknowledge | status::kDriver);
    uint64_t offered = transport.device_features();
    required |= kFeatureVersion1;
    if ((offered & required) != required)
        return fail(transport, "virtio features",
                    (offered & kFeatureVersion1) ? "a required feature is missing"
                                                 : "not a virtio 1.0+ (modern) device");
    uint64_t features = offered & (wanted | required);
    transport.set_driver_features(features);
    transport.set_status(status::kAcknowledge | status::kDriver | status::kFeaturesOk);
    if (!(transport.status() & status::kFeaturesOk))
        return fail(transport, "virtio features", "the device refused FEATURES_OK");
    return features;
}

SysResult<void> finish_start(Transport& transport) {
    transport.set_status(transport.status() | status::kDriverOk);
    uint8_t now = transport.status();
    if (now & (status::kDeviceNeedsReset | status::kFailed))
        return fail(transport, "virtio DRIVER_OK", "the device needs a reset");
    return {};
}

} // namespace mica::virtio
