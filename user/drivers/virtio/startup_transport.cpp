#include <drivers/support/mmio.h>
#include <drivers/virtio/mmio_transport.h>
#include <drivers/virtio/pci_transport.h>
#include <drivers/virtio/startup_transport.h>
#include <lib/optional.h>
#include <mica/startup.h>
#include <string.h>

namespace mica::virtio {

namespace {

// The i-th DeviceMmio startup handle.
abi::Handle device_mmio(unsigned index) {
    const abi::StartupInfo* info = startup_info();
    for (uint32_t i = 0; info && i < info->handle_count; ++i) {
        if (info->handles[i].role == abi::StartupRole::DeviceMmio && index-- == 0)
            return info->handles[i].handle;
    }
    return kInvalidHandle;
}

// A number in decimal or 0x hexadecimal, up to `end` (a character that ends it, or NUL).
Optional<uint64_t> parse_number(const char*& text, char end) {
    uint64_t value = 0;
    unsigned base = 10;
    if (text[0] == '0' && text[1] == 'x') {
        base = 16;
        text += 2;
    }
    const char* start = text;
    for (; *text && *text != end; ++text) {
        char c = *text;
        unsigned digit = c >= '0' && c <= '9'   ? unsigned(c - '0')
                         : c >= 'a' && c <= 'f' ? unsigned(c - 'a' + 10)
                                                : 99;
        if (digit >= base || value > (~0ull - digit) / base)
            return {};
        value = value * base + digit;
    }
    if (text == start || *text != end)
        return {};
    return value;
}

SysResult<Transport*> pci_transport(Span<char* const> arguments) {
    static driver::MmioMapping config;
    static driver::MmioMapping bars[6];
    config = TRY(driver::map_mmio(OwnedHandle(device_mmio(0)), 4096));
    for (size_t i = 0; i < arguments.size(); ++i) {
        const char* text = arguments[i];
        Optional<uint64_t> bar = parse_number(text, ':');
        ++text;
        Optional<uint64_t> size = bar ? parse_number(text, '\0') : Optional<uint64_t>();
        if (!bar || !size || bar.value() > 5)
            return SysError{abi::Status::InvalidArgument, "arguments", "expected <bar>:<size>"};
        bars[bar.value()] =
            TRY(driver::map_mmio(OwnedHandle(device_mmio(unsigned(i + 1))), size.value()));
    }
    return TRY(PciTransport::create(config, bars));
}

SysResult<Transport*> mmio_transport(Span<char* const> arguments) {
    static driver::MmioMapping window;
    if (arguments.size() != 2)
        return SysError{abi::Status::InvalidArgument, "arguments", "expected <offset> <size>"};
    const char* offset_text = arguments[0];
    const char* size_text = arguments[1];
    Optional<uint64_t> offset = parse_number(offset_text, '\0');
    Optional<uint64_t> size = parse_number(size_text, '\0');
    if (!offset || !size)
        return SysError{abi::Status::InvalidArgument, "arguments", "bad offset or size"};
    window = TRY(driver::map_mmio(OwnedHandle(device_mmio(0)), size.value()));
    return TRY(MmioTransport::create(window, offset.value()));
}

} // namespace

SysResult<Transport*> startup_transport(Span<char* const> arguments) {
    if (arguments.size() >= 1 && strcmp(arguments[0], "pci") == 0)
        return pci_transport(arguments.subspan(1));
    if (arguments.size() >= 1 && strcmp(arguments[0], "mmio") == 0)
        return mmio_transport(arguments.subspan(1));
    return SysError{abi::Status::InvalidArgument, "arguments", "expected pci or mmio"};
}

} // namespace mica::virtio
