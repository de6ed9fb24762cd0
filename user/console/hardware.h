#pragma once
// Finding and claiming the console UART: its registers mapped (or its ports opened) and its
// receive interrupt as an Interrupt object. Until the driver manager hands drivers their
// hardware, the service does this itself with the root resource init grants it.

#include "uart_driver.h"

#include <lib/string_view.h>
#include <mica/handle.h>
#include <mica/sys_result.h>

namespace mica::console {

struct ConsoleHardware {
    UartDriver* uart = nullptr;
    OwnedHandle interrupt;
    const char* kind = ""; // "ns16550", "pl011"
    uint64_t address = 0;  // physical base, or the first I/O port
    uint32_t line = 0;     // interrupt_create's line
};

// The UART the device tree's /chosen/stdout-path names (aarch64, riscv64), from the
// PlatformDescription memory object `dtb`.
SysResult<ConsoleHardware> device_tree_console(abi::Handle resource, abi::Handle address_space,
                                               abi::Handle dtb);

// The PC's COM1 (x86_64): a 16550 at ports 0x3f8-0x3ff on ISA IRQ 4. ACPI names COM ports only
// in AML, which Mica does not interpret, so this is the PC convention; the kernel maps IRQ 4 to
// its I/O APIC input through the MADT's interrupt source overrides.
SysResult<ConsoleHardware> pc_com1_console(abi::Handle resource);

} // namespace mica::console
