// Power::shutdown. QEMU's exit status after PSCI SYSTEM_OFF is 0 whatever happened, so the run
// is ended through semihosting when the host offers it: the status codes below are what
// tools/qemu/aarch64.sh's qemu_status looks for. PSCI is the fallback, then halting.

#include <arch/aarch64/power/psci.h>
#include <arch/aarch64/power/semihosting.h>
#include <arch/cpu.h>
#include <arch/power.h>
#include <core/console.h>

namespace mica::arch {

namespace {
// Distinct from 0 (PSCI, or QEMU quitting for any other reason) and from QEMU's own error 1.
constexpr uint32_t kExitPassed = 0x21;
constexpr uint32_t kExitFailed = 0x23;
} // namespace

void Power::shutdown(bool success) {
    semihosting::exit(success ? kExitPassed : kExitFailed);
    psci::system_off();
    println("power off failed: no semihosting host and no usable PSCI; halting");
    Cpu::halt_forever();
}

void Power::reboot() {
    psci::system_reset();
    println("reboot failed: no usable PSCI; halting");
    Cpu::halt_forever();
}

} // namespace mica::arch
