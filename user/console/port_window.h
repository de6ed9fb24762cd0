#pragma once
// Device registers behind x86 I/O ports, as a RegisterWindow (kernel/dev/uart/uart.h), so the
// 16550 driver serves COM1 exactly as it serves a memory-mapped 16550. Built per ISA
// (CMakeLists.txt): arch/x86_64/ opens the ports with io_port_range_create + io_port_access;
// arch/no_ports/ (aarch64, riscv64: no port space) answers unsupported.

#include <dev/uart/uart.h>
#include <mica/sys_result.h>

namespace mica::console {

// Ports [base, base + count), opened for this process for the rest of its life.
SysResult<RegisterWindow*> open_port_window(abi::Handle resource, uint16_t base, uint16_t count);

} // namespace mica::console
