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
    else
        panic("crash=: unknown kind \"{}\" (want breakpoint or illegal)", kind);
    asm volatile("" ::: "memory"); // not a tail call: keep this frame on the stack
}

void crash_on_purpose(StringView kind) {
    crash_test_trigger(kind);
    panic("crash={}: the deliberate fault was not reported as an exception", kind);
}

} // namespace mica
