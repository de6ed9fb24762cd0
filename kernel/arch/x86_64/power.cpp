#include <arch/cpu.h>
#include <arch/io.h>
#include <arch/power.h>
#include <core/console.h>

namespace mica::arch {

void Power::shutdown(bool success) {
    out32(kDebugExitPort, success ? kDebugExitSuccess : kDebugExitFailure);
    // Still here: no isa-debug-exit device. Real power-off needs ACPI's \_S5 (AML), which comes
    // with a later issue; until then say why we stop and halt.
    println("Power off is not available on this machine (no isa-debug-exit); halting ({}).",
            success ? "success" : "failure");
    Cpu::halt_forever();
}

} // namespace mica::arch
