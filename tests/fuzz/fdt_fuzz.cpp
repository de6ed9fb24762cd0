// libFuzzer target for the device tree reader and everything that consumes it at boot. Any
// input must give an error or a tree that can be read end to end, never a crash, hang or
// out-of-bounds read (build with -fsanitize=fuzzer,address,undefined).
//
// Sources: kernel/lib/fdt.cpp, kernel/lib/fdt_node.cpp, boot/dtb/dtb_boot.cpp,
// kernel/platform/dtb_parse.cpp. Seeds: the .dtb files fdt_data.cmake builds.

#include <boot/dtb/dtb_boot.h>
#include <lib/fdt.h>
#include <platform/dtb.h>

#include <stddef.h>
#include <stdint.h>

using namespace mica;

namespace {

// Reads every node, property, string, reg entry and translation, and returns something that
// depends on all of it so the compiler cannot skip the reads.
uint64_t read_everything(const Fdt& fdt) {
    uint64_t sum = fdt.total_size() + fdt.version() + fdt.boot_cpu_id();
    FdtWalker walker(fdt.root());
    while (auto node = walker.next()) {
        sum += node->name().length() + node->unit_address().length();
        sum += node->is_enabled() + node->is_compatible("ns16550a") + node->size_cells();
        sum += node->phandle().value_or(0);
        for (FdtProperty property : node->properties()) {
            sum += property.name().length() + property.cell_count();
            sum += property.as_integer().value_or(0);
            for (StringView string : property.as_string_list())
                sum += string.length();
        }
        auto regs = node->reg();
        if (regs.is_ok()) {
            for (FdtReg reg : regs.value())
                sum += reg.size + node->translate_address(reg.address).value_or(0);
        }
        for (FdtNode child : node->children())
            sum += child.name().length();
    }
    for (FdtReservation reservation : fdt.reservations())
        sum += reservation.address ^ reservation.size;
    static const char* const kPaths[] = {"/chosen", "/memory", "/cpus", "serial0", "serial0/x"};
    for (const char* path : kPaths) {
        if (auto node = fdt.find_node(path))
            sum += node->name().length() + node->parent().has_value();
    }
    if (auto node = fdt.find_by_phandle(1))
        sum += node->name().length();
    return sum;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    volatile uint64_t sink = 0;
    auto fdt = Fdt::parse(Bytes(data, size));
    if (fdt.is_ok()) {
        sink = sink + read_everything(fdt.value());
        auto uart = platform::find_console_uart(fdt.value());
        sink = sink + (uart.is_ok() ? uart.value().base : 0);
        sink = sink + platform::count_cpu_nodes(fdt.value()).value_or(0);
    }
    BootInfo info;
    if (boot::fill_from_dtb(info, 0x80000000, data, size).is_ok())
        sink = sink + info.memory.size() + info.modules.size() + info.command_line.length();
    return 0;
}
