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

void Power::reboot() {
    out8(kResetControlPort, kResetControlSystemReset);
    out8(kResetControlPort, kResetControlSystemReset | kResetControlResetCpu);
    out8(kKeyboardControllerCommandPort, kKeyboardControllerPulseReset);
    // Still running: an IDT with no entries turns the breakpoint into a triple fault, which
    // resets the processor.
    struct [[gnu::packed]] {
        uint16_t limit = 0;
        uint64_t base = 0;
    } empty_idt;
    asm volatile("cli; lidt %0; int3" : : "m"(empty_idt));
    println("reboot failed: the machine survived a triple fault; halting");
    Cpu::halt_forever();
}

} // namespace mica::arch
