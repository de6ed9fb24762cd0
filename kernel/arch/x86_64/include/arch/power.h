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

    // The reset ways a PC offers, each tried when the one before did nothing: the chipset's
    // Reset Control register (port 0xcf9, Intel ICH9 and later, QEMU q35 and i440fx), the 8042
    // keyboard controller's "pulse reset line" command, and last a triple fault.
    static constexpr uint16_t kResetControlPort = 0xcf9;
    static constexpr uint8_t kResetControlSystemReset = 0x02; // SYS_RST: a full reset, not only
    static constexpr uint8_t kResetControlResetCpu = 0x04;    // RST_CPU 0 -> 1 starts it
    static constexpr uint16_t kKeyboardControllerCommandPort = 0x64;
    static constexpr uint8_t kKeyboardControllerPulseReset = 0xfe;
    [[noreturn]] static void reboot();
};

} // namespace mica::arch
