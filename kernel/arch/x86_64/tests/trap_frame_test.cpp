// The x86_64 trap path on the real CPU: what the stubs save, and the descriptor tables.

#include <arch/cpu.h>
#include <arch/trap_frame.h>
#include <arch/x86_64/traps/descriptors.h>
#include <core/expect_exception.h>
#include <core/ktest.h>
#include <core/layout.h>

using namespace mica;

namespace {
struct [[gnu::packed]] TablePointer {
    uint16_t limit;
    uint64_t base;
};

// Where a breakpoint trap put rip, seen from inside the trap handler.
[[gnu::noinline]] uintptr_t breakpoint_and_return_resume_address() {
    uintptr_t after;
    ExpectException expect(ExceptionKind::Breakpoint);
    asm volatile("int3\n"
                 "1: leaq 1b(%%rip), %0"
                 : "=r"(after));
    return expect.count() == 1 ? expect.last_instruction_pointer() - after : ~uintptr_t{0};
}
} // namespace

KTEST(x86_64_trap, breakpoint_reports_the_address_after_int3) {
    // #BP is a trap: the saved rip is the next instruction, which skip_faulting_instruction
    // must therefore leave alone.
    KEXPECT_EQ(breakpoint_and_return_resume_address(), uintptr_t{0});
}

KTEST(x86_64_trap, invalid_opcode_is_named) {
    ExpectException expect(ExceptionKind::IllegalInstruction);
    arch::Cpu::illegal_instruction();
    KASSERT(expect.count() == 1u);
    KEXPECT_EQ(expect.last().code, uint64_t{6});
    KEXPECT_EQ(StringView(expect.last().name), StringView("#UD Invalid Opcode"));
}

KTEST(x86_64_trap, descriptor_tables_are_loaded) {
    TablePointer idt{}, gdt{};
    uint16_t task_register = 0, code_selector = 0;
    asm volatile("sidt %0" : "=m"(idt));
    asm volatile("sgdt %0" : "=m"(gdt));
    asm volatile("str %0" : "=r"(task_register));
    asm volatile("mov %%cs, %0" : "=r"(code_selector));
    KEXPECT_EQ(idt.limit, uint16_t(256 * 16 - 1)); // every vector: exceptions and interrupts
    KEXPECT(is_kernel_address(idt.base));
    KEXPECT(is_kernel_address(gdt.base));
    KEXPECT_EQ(task_register, arch::kTssSelector);
    KEXPECT_EQ(code_selector, uint16_t(0x08));
}
