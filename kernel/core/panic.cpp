#include <arch/cpu.h>
#include <arch/power.h>
#include <core/backtrace.h>
#include <core/console.h>
#include <core/panic.h>

namespace mica {

namespace {
bool g_power_off_on_panic = false;
bool g_panicking = false;

[[noreturn]] void stop_machine() {
    if (g_power_off_on_panic)
        arch::Power::shutdown(false);
    arch::Cpu::halt_forever();
    __builtin_unreachable();
}
} // namespace

void panic_policy::set_power_off_on_panic(bool enabled) { g_power_off_on_panic = enabled; }

void panic_with_args(const LocatedPattern& pattern, Span<const FormatArg> args) {
    if (g_panicking) {
        // A fault inside the panic path: print the bare minimum and stop.
        println("\nPANIC (nested) at {}:{}", pattern.location.file(), pattern.location.line());
        stop_machine();
    }
    g_panicking = true;
    print("\nPANIC: ");
    vformat(console::sink(), pattern.pattern, args);
    println("\n  at {}:{} ({})", pattern.location.file(), pattern.location.line(),
            pattern.location.function());
    print_backtrace(arch::Cpu::current_frame_pointer());
    stop_machine();
}

void unimplemented(const char* what, SourceLocation where) {
    panic(LocatedPattern("unimplemented: {}", where), what);
}

} // namespace mica
