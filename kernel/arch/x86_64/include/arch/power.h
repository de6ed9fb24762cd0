#pragma once
// Leaving the machine on x86_64.

#include <lib/types.h>

namespace mica::arch {

struct Power {
    // QEMU's isa-debug-exit device (iobase 0xf4, iosize 4) exits with (value << 1) | 1, so these
    // give exit codes 33 (pass) and 35 (fail); tools/qemu/x86_64.sh maps them back.
    static constexpr uint16_t kDebugExitPort = 0xf4;
    static constexpr uint32_t kDebugExitSuccess = 0x10;
    static constexpr uint32_t kDebugExitFailure = 0x11;

    // Writes the verdict to isa-debug-exit. Without that device (real hardware, or QEMU started
    // without it) the write goes nowhere; we do not parse ACPI's \_S5 yet, so the CPU then halts
    // with interrupts off, after saying so on the console.
    [[noreturn]] static void shutdown(bool success);
};

} // namespace mica::arch
