#pragma once
// What the platform layer learns from the device tree on aarch64 and riscv64: the console UART
// and the number of CPUs. The decoding half (find_console_uart, count_cpu_nodes, in
// dtb_parse.cpp) touches no hardware and is host-tested; dtb_console() and dtb_count_cpus() (in
// dtb.cpp) add the arch-specific steps of reaching the DTB and mapping registers.

#include <core/boot_info.h>
#include <lib/fdt.h>
#include <lib/result.h>

namespace mica {
class Uart;
}

namespace mica::platform {

// A console UART as the device tree describes it.
struct DtbUart {
    enum class Kind : uint8_t { Ns16550, Pl011 };

    Kind kind = Kind::Ns16550;
    PhysAddr base = 0; // CPU physical address, after every bus's `ranges`
    uint64_t size = 0;
    uint8_t reg_shift = 0;    // 16550 registers sit 1 << reg_shift bytes apart
    uint8_t reg_io_width = 1; // bytes per register access: 1 or 4
};

// Follows /chosen/stdout-path (or the older linux,stdout-path, else the serial0 alias),
// dropping ":115200n8"-style options and resolving an alias. NotFound when the tree names no
// console, Unsupported when it names one the kernel has no driver for or cannot drive as set up.
Result<DtbUart> find_console_uart(const Fdt& fdt);
// The node find_console_uart() decodes (for what DtbUart leaves out, such as its interrupt).
// NotFound when the tree names no console.
Result<FdtNode> find_console_node(const Fdt& fdt);

// Enabled children of /cpus with device_type "cpu". NotFound if there are none.
Result<uint32_t> count_cpu_nodes(const Fdt& fdt);

// Maps and initialises the UART find_console_uart() picks, in static storage (there is no heap
// yet). Call once; returns nullptr when there is no usable console.
Uart* dtb_console(const BootInfo& info);

Result<uint32_t> dtb_count_cpus(const BootInfo& info);

// The boot DTB, parsed (and so validated) in place through the direct map.
Result<Fdt> boot_fdt(const BootInfo& info);

} // namespace mica::platform
