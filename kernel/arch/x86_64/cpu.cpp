#include "traps/exception_decode.h"

#include <arch/cpu.h>
#include <arch/registers.h>
#include <core/console.h>
#include <core/panic.h>

namespace mica::arch {

namespace {
constexpr uint8_t kUd2[] = {0x0f, 0x0b};

void print_flags(uint64_t rflags) {
    // The flags worth seeing at a glance (Intel SDM Vol. 1, 3.4.3).
    struct Flag {
        uint8_t bit;
        const char* name;
    };
    constexpr Flag kFlags[] = {{0, "CF"}, {2, "PF"},  {4, "AF"},  {6, "ZF"},  {7, "SF"}, {8, "TF"},
                               {9, "IF"}, {10, "DF"}, {11, "OF"}, {16, "RF"}, {18, "AC"}};
    print("  rflags {:#010x} [", rflags);
    bool first = true;
    for (const Flag& flag : kFlags) {
        if (rflags & (1ull << flag.bit)) {
            print("{}{}", first ? "" : " ", flag.name);
            first = false;
        }
    }
    println("] IOPL {}", (rflags >> 12) & 3);
}
} // namespace

void Cpu::skip_faulting_instruction(TrapFrame& frame) {
    switch (Vector(frame.vector)) {
    case Vector::Breakpoint: return; // a trap: rip is already past int3
    case Vector::InvalidOpcode: {
        const auto* at = reinterpret_cast<const uint8_t*>(frame.rip);
        if (at[0] == kUd2[0] && at[1] == kUd2[1]) {
            frame.rip += sizeof kUd2;
            return;
        }
        break;
    }
    default: break;
    }
    panic("skip_faulting_instruction: cannot find the length of the instruction at {:#x} "
          "({}); only int3 and ud2 are known",
          frame.rip, vector_name(frame.vector));
}

void Cpu::sync_instruction_cache(uintptr_t, uint64_t) {
    // CPUID is the serializing instruction every x86_64 CPU has (SERIALIZE is recent).
    (void)cpuid(0);
    asm volatile("" ::: "memory");
}

void Cpu::dump_registers(const TrapFrame& f) {
    println("  vector {} ({}), error code {:#x}", f.vector, vector_name(f.vector), f.error_code);
    print("  ");
    describe_error_code(console::sink(), f.vector, f.error_code);
    println("");
    println("  rax {:#018x} rbx {:#018x} rcx {:#018x}", f.rax, f.rbx, f.rcx);
    println("  rdx {:#018x} rsi {:#018x} rdi {:#018x}", f.rdx, f.rsi, f.rdi);
    println("  rbp {:#018x} rsp {:#018x} r8  {:#018x}", f.rbp, f.rsp, f.r8);
    println("  r9  {:#018x} r10 {:#018x} r11 {:#018x}", f.r9, f.r10, f.r11);
    println("  r12 {:#018x} r13 {:#018x} r14 {:#018x}", f.r12, f.r13, f.r14);
    println("  r15 {:#018x} rip {:#018x}", f.r15, f.rip);
    println("  cs {:#06x} ss {:#06x} (CPL {})", f.cs, f.ss, f.cs & 3);
    print_flags(f.rflags);
    println("  cr0 {:#018x} cr2 {:#018x}", read_cr0(), read_cr2());
    println("  cr3 {:#018x} cr4 {:#018x}", read_cr3(), read_cr4());
}

} // namespace mica::arch
