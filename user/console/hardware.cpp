#include "hardware.h"

#include "dtb_interrupt.h"
#include "ns16550_driver.h"
#include "pl011_driver.h"
#include "port_window.h"

#include <abi/user_syscalls.h>
#include <lib/fdt.h>
#include <mica/heap.h>
#include <mica/layout.h>
#include <platform/dtb.h>

namespace mica::console {

namespace {

constexpr uint16_t kCom1Base = 0x3f8;
constexpr uint16_t kCom1Ports = 8;
constexpr uint32_t kCom1Irq = 4;
// A flattened device tree header: magic and total size, big-endian (Devicetree spec 5.2).
constexpr uint32_t kFdtMagic = 0xd00dfeed;
constexpr uint32_t kFdtHeaderBytes = 40;
constexpr uint32_t kMaxFdtBytes = 1 << 20;

uint32_t big_endian(const uint8_t* bytes) {
    return uint32_t(bytes[0]) << 24 | uint32_t(bytes[1]) << 16 | uint32_t(bytes[2]) << 8 | bytes[3];
}

SysResult<OwnedHandle> claim_interrupt(abi::Handle resource, uint32_t line) {
    abi::Handle interrupt = kInvalidHandle;
    TRY(check(sys::interrupt_create(resource, line, 0, &interrupt), "interrupt_create"));
    return OwnedHandle(interrupt);
}

// The tree, copied out of the memory object into the heap (the service keeps it for good).
SysResult<Fdt> read_device_tree(abi::Handle dtb) {
    uint8_t header[kFdtHeaderBytes];
    TRY(check(sys::memory_object_read(dtb, 0, header, sizeof header), "memory_object_read"));
    uint32_t size = big_endian(header + 4);
    if (big_endian(header) != kFdtMagic || size < kFdtHeaderBytes || size > kMaxFdtBytes)
        return SysError{abi::Status::InvalidArgument, "device tree", "bad header"};
    auto* blob = new (std::nothrow) uint8_t[size];
    if (!blob)
        return SysError{abi::Status::NoMemory, "device tree", "no memory for a copy"};
    TRY(check(sys::memory_object_read(dtb, 0, blob, size), "memory_object_read"));
    Result<Fdt> fdt = Fdt::parse(Bytes(blob, size));
    if (fdt.is_error())
        return SysError{status_for(fdt.error()), "device tree", "does not parse"};
    return fdt.value();
}

// Maps [base, base + size) uncached; returns where `base` landed.
SysResult<volatile void*> map_registers(abi::Handle resource, abi::Handle address_space,
                                        uint64_t base, uint64_t size) {
    uint64_t first_page = layout::page_floor(base);
    uint64_t mapped_size = layout::page_ceiling(base + size) - first_page;
    abi::Handle range = kInvalidHandle;
    TRY(check(sys::mmio_range_create(resource, first_page, mapped_size, &range),
              "mmio_range_create"));
    OwnedHandle owned(range); // the mapping keeps the range alive
    uint64_t mapped = 0;
    TRY(check(sys::mmio_map(address_space, range, 0, mapped_size, 0,
                            abi::map_flags::kRead | abi::map_flags::kWrite, &mapped),
              "mmio_map"));
    return reinterpret_cast<volatile void*>(mapped + (base - first_page));
}

} // namespace

SysResult<ConsoleHardware> device_tree_console(abi::Handle resource, abi::Handle address_space,
                                               abi::Handle dtb) {
    Fdt fdt = TRY(read_device_tree(dtb));
    Result<platform::DtbUart> uart = platform::find_console_uart(fdt);
    if (uart.is_error())
        return SysError{status_for(uart.error()), "device tree", "no usable stdout-path UART"};
    Result<FdtNode> node = platform::find_console_node(fdt);
    Result<uint32_t> line =
        node.is_error() ? Result<uint32_t>(node.error()) : dtb_interrupt_line(fdt, node.value());
    if (line.is_error())
        return SysError{status_for(line.error()), "device tree", "no usable UART interrupt"};
    const platform::DtbUart& found = uart.value();
    uint64_t size = found.size ? found.size : layout::kPageSize;
    volatile void* registers = TRY(map_registers(resource, address_space, found.base, size));

    ConsoleHardware hardware;
    hardware.address = found.base;
    hardware.line = line.value();
    if (found.kind == platform::DtbUart::Kind::Pl011) {
        hardware.kind = "pl011";
        hardware.uart = new Pl011Driver(static_cast<volatile uint32_t*>(registers));
    } else {
        hardware.kind = "ns16550";
        auto* window = new MmioRegisterWindow(registers, found.reg_shift, found.reg_io_width);
        hardware.uart = new Ns16550Driver(*window);
    }
    hardware.interrupt = TRY(claim_interrupt(resource, hardware.line));
    return hardware;
}

SysResult<ConsoleHardware> pc_com1_console(abi::Handle resource) {
    RegisterWindow* window = TRY(open_port_window(resource, kCom1Base, kCom1Ports));
    ConsoleHardware hardware;
    hardware.kind = "ns16550";
    hardware.address = kCom1Base;
    hardware.line = kCom1Irq;
    hardware.uart = new Ns16550Driver(*window);
    hardware.interrupt = TRY(claim_interrupt(resource, kCom1Irq));
    return hardware;
}

} // namespace mica::console
