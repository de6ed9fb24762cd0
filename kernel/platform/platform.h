#pragma once
// Board discovery that generic code asks for. Answers come from the device tree where there is
// one, from ACPI otherwise, and from the ISA's fixed legacy devices as a last resort. Boards are
// data: nothing here names an ISA.

#include <core/boot_info.h>
#include <lib/result.h>

namespace mica {
class Uart;
}

namespace mica::platform {

// Finds, maps and initializes the console UART; nullptr when the board has none we know.
Uart* find_console(const BootInfo& info);

// The number of CPUs the firmware describes (not necessarily started).
Result<uint32_t> count_cpus(const BootInfo& info);

} // namespace mica::platform
