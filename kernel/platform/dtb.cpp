// The arch-facing half of platform/dtb.h: reach the DTB through the early MMU window, map the
// console's registers and construct its driver. Everything it decides is in dtb_parse.cpp.

#include <arch/mmu.h>
#include <dev/uart/ns16550.h>
#include <dev/uart/pl011.h>
#include <new>
#include <platform/dtb.h>
#include <vm/device_map.h>

namespace mica::platform {

namespace {

// Used when BootInfo does not yet say how big the blob is; the arm64 Linux boot protocol caps a
// DTB at 2 MiB, and parse() stops at the header's totalsize anyway.
constexpr size_t kMaxDtbSize = 2 * 1024 * 1024;

// Static storage for the one console driver: constructed in place, never destroyed.
template <typename T>
class Slot {
public:
    template <typename... Args>
    T& construct(Args&&... args) {
        return *new (m_storage) T(forward<Args>(args)...);
    }

private:
    alignas(T) unsigned char m_storage[sizeof(T)];
};

Slot<Pl011> g_pl011;
Slot<MmioRegisterWindow> g_ns16550_window;
Slot<Ns16550> g_ns16550;

} // namespace

Result<Fdt> boot_fdt(const BootInfo& info) {
    if (info.dtb == 0)
        return Error::NotFound;
    size_t size =
        info.boot_blob.base == info.dtb && info.boot_blob.size ? info.boot_blob.size : kMaxDtbSize;
    return Fdt::parse(arch::EarlyMmu::phys_to_virt(info.dtb), size);
}

Uart* dtb_console(const BootInfo& info) {
    auto fdt = boot_fdt(info);
    if (!fdt)
        return nullptr;
    auto uart = find_console_uart(fdt.value());
    if (!uart)
        return nullptr;
    auto registers = map_device(uart.value().base, uart.value().size);
    if (!registers)
        return nullptr;

    switch (uart.value().kind) {
    case DtbUart::Kind::Pl011: {
        Pl011& pl011 = g_pl011.construct(registers.value());
        pl011.init();
        return &pl011;
    }
    case DtbUart::Kind::Ns16550: {
        RegisterWindow& window =
            g_ns16550_window.construct(registers.value(), unsigned(uart.value().reg_shift),
                                       unsigned(uart.value().reg_io_width));
        Ns16550& ns16550 = g_ns16550.construct(window);
        ns16550.init();
        return &ns16550;
    }
    }
    return nullptr;
}

Result<uint32_t> dtb_count_cpus(const BootInfo& info) {
    Fdt fdt = TRY(boot_fdt(info));
    return count_cpu_nodes(fdt);
}

} // namespace mica::platform
