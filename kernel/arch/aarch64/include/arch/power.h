#pragma once
// Leaving the machine on aarch64: semihosting SYS_EXIT when the host offers it (QEMU exits with
// our status, see tools/qemu/aarch64.sh), otherwise PSCI SYSTEM_OFF through the conduit the
// device tree names.

namespace mica::arch {

struct Power {
    [[noreturn]] static void shutdown(bool success);
    // PSCI SYSTEM_RESET (semihosting has no reset).
    [[noreturn]] static void reboot();
};

} // namespace mica::arch
