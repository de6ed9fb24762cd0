#include <arch/cpu.h>
#include <core/crash_test.h>
#include <core/panic.h>

namespace mica {

// noinline keeps these frames distinct so the backtrace shows the whole path by name.
[[gnu::noinline]] void crash_test_trigger(StringView kind) {
    if (kind == "breakpoint")
        arch::Cpu::breakpoint();
    else if (kind == "illegal")
        arch::Cpu::illegal_instruction();
    else if (kind == "write-text")
        *reinterpret_cast<volatile uint8_t*>(&crash_on_purpose) = 0; // W^X must stop this
    else
        panic("crash=: unknown kind \"{}\" (want breakpoint, illegal or write-text)", kind);
    asm volatile("" ::: "memory"); // not a tail call: keep this frame on the stack
}

void crash_on_purpose(StringView kind) {
    crash_test_trigger(kind);
    panic("crash={}: the deliberate fault was not reported as an exception", kind);
}

} // namespace mica
