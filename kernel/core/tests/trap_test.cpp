// The trap path on the real CPU: a deliberate breakpoint and an undefined instruction are
// caught, decoded into the generic kind, and execution resumes after them.

#include <arch/cpu.h>
#include <core/expect_exception.h>
#include <core/ktest.h>
#include <core/symbols.h>

using namespace mica;

KTEST(trap, breakpoint_is_caught_and_resumed) {
    volatile int after = 0;
    ExpectException expect(ExceptionKind::Breakpoint);
    arch::Cpu::breakpoint();
    after = 1;
    KEXPECT_EQ(expect.count(), 1u);
    KEXPECT_EQ(after, 1);
    KEXPECT(!expect.last().from_user);
    KEXPECT(StringView(expect.last().name).length() > 0);
}

KTEST(trap, illegal_instruction_is_caught_and_resumed) {
    volatile int after = 0;
    ExpectException expect(ExceptionKind::IllegalInstruction);
    arch::Cpu::illegal_instruction();
    after = 1;
    KEXPECT_EQ(expect.count(), 1u);
    KEXPECT_EQ(after, 1);
}

KTEST(trap, repeated_traps_each_resume) {
    ExpectException expect(ExceptionKind::Breakpoint);
    for (int i = 0; i < 100; ++i)
        arch::Cpu::breakpoint();
    KEXPECT_EQ(expect.count(), 100u);
}

KTEST(trap, faulting_address_is_symbolized) {
    ExpectException expect(ExceptionKind::Breakpoint);
    arch::Cpu::breakpoint();
    KASSERT(expect.count() == 1u);
    // The trap was taken in this test's function (or in Cpu::breakpoint when the backend does
    // not inline it); either way the symbol table names a function.
    SymbolLookup symbol = lookup_symbol(expect.last_instruction_pointer());
    KEXPECT(symbol.found);
}
