// The hardware-free half of platform/dtb.h: reading console and CPU facts from a parsed tree.

#include <platform/dtb.h>

namespace mica::platform {

namespace {

// The limits MmioRegisterWindow and the 16550 register map can serve.
constexpr uint32_t kMaxRegShift = 4;

Optional<StringView> stdout_path(const Fdt& fdt) {
    if (auto chosen = fdt.find_node("/chosen")) {
        if (auto path = chosen->property_string("stdout-path"))
            return path;
        if (auto path = chosen->property_string("linux,stdout-path"))
            return path;
    }
    if (fdt.alias("serial0"))
        return StringView("serial0");
    return {};
}

Result<DtbUart> decode_uart(const FdtNode& node) {
    DtbUart uart;
    if (node.is_compatible("arm,pl011")) {
        uart.kind = DtbUart::Kind::Pl011;
        uart.reg_io_width = 4;
    } else if (node.is_compatible("ns16550a") || node.is_compatible("ns16550")) {
        uart.kind = DtbUart::Kind::Ns16550;
        uint32_t shift = node.property_u32("reg-shift").value_or(0);
        uint32_t width = node.property_u32("reg-io-width").value_or(1);
        if (shift > kMaxRegShift || (width != 1 && width != 4))
            return Error::Unsupported;
        uart.reg_shift = uint8_t(shift);
        uart.reg_io_width = uint8_t(width);
    } else {
        return Error::Unsupported;
    }
    if (!node.is_enabled())
        return Error::Unsupported;

    FdtRegList regs = TRY(node.reg());
    if (regs.count() == 0)
        return Error::Malformed;
    FdtReg reg = regs[0];
    uart.base = TRY(node.translate_address(reg.address));
    uart.size = reg.size;
    return uart;
}

} // namespace

Result<FdtNode> find_console_node(const Fdt& fdt) {
    auto path = stdout_path(fdt);
    if (!path)
        return Error::NotFound;
    // "serial0:115200n8": the options after ':' are for the UART, not part of the path.
    StringView node_path = path->substring(0, path->find(':'));
    auto node = fdt.find_node(node_path);
    if (!node)
        return Error::NotFound;
    return node.value();
}

Result<DtbUart> find_console_uart(const Fdt& fdt) {
    FdtNode node = TRY(find_console_node(fdt));
    return decode_uart(node);
}

Result<uint32_t> count_cpu_nodes(const Fdt& fdt) {
    auto cpus = fdt.find_node("/cpus");
    if (!cpus)
        return Error::NotFound;
    uint32_t count = 0;
    for (FdtNode node : cpus->children()) {
        auto type = node.property_string("device_type");
        if (type && type.value() == "cpu" && node.is_enabled())
            ++count;
    }
    if (count == 0)
        return Error::NotFound;
    return count;
}

} // namespace mica::platform
