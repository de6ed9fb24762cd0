// Cpu::dump_registers: the saved registers of a TrapFrame, with the syndrome, the fault status
// and PSTATE decoded, for crash reports.

#include <arch/aarch64/trap/esr.h>
#include <arch/cpu.h>
#include <core/console.h>
#include <core/symbols.h>

namespace mica::arch {

namespace {

// SPSR_EL1.M[3:0] for AArch64 states.
const char* mode_name(uint64_t spsr) {
    switch (spsr & 0xf) {
    case 0x0: return "EL0t";
    case 0x4: return "EL1t";
    case 0x5: return "EL1h";
    case 0x8: return "EL2t";
    case 0x9: return "EL2h";
    }
    return (spsr & 0x10) ? "AArch32" : "?";
}

void print_pstate(uint64_t spsr) {
    auto flag = [spsr](unsigned bit, char name) { return (spsr >> bit) & 1 ? name : '-'; };
    println("  spsr {:#010x} ({}, nzcv {}{}{}{}, daif {}{}{}{})", spsr, mode_name(spsr),
            flag(31, 'N'), flag(30, 'Z'), flag(29, 'C'), flag(28, 'V'), flag(9, 'D'), flag(8, 'A'),
            flag(7, 'I'), flag(6, 'F'));
}

void print_syndrome(const TrapFrame& frame) {
    Esr esr{frame.esr};
    println("  esr  {:#010x} ({}, IL={}, ISS {:#x})", esr.raw,
            exception_class_name(esr.exception_class()), esr.instruction_is_32_bit() ? 1 : 0,
            esr.iss());
    if (esr.is_abort()) {
        FaultStatus status = decode_fault_status(esr.fault_status());
        print("  fault status {:#04x}: {}", esr.fault_status(), status.description);
        if (status.level != FaultStatus::kNoLevel)
            print(", level {}", int(status.level));
        if (esr.exception_class() == ExceptionClass::DataAbortSameEl ||
            esr.exception_class() == ExceptionClass::DataAbortLowerEl)
            print(", {}{}", esr.write_not_read() ? "write" : "read",
                  esr.cache_maintenance() ? " (cache maintenance)" : "");
        println("{}", esr.far_not_valid() ? ", FAR not valid" : "");
    } else if (esr.exception_class() == ExceptionClass::BrkAarch64) {
        println("  brk #{:#x}", esr.brk_immediate());
    }
    println("  far  {:#018x}", frame.far);
}

} // namespace

void Cpu::dump_registers(const TrapFrame& frame) {
    println("registers:");
    for (unsigned i = 0; i < 28; i += 4)
        println("  x{:<2} {:#018x}  x{:<2} {:#018x}  x{:<2} {:#018x}  x{:<2} {:#018x}", i,
                frame.x[i], i + 1, frame.x[i + 1], i + 2, frame.x[i + 2], i + 3, frame.x[i + 3]);
    println("  x28 {:#018x}  fp  {:#018x}  sp  {:#018x}", frame.x[28], frame.x[29], frame.sp);
    println("  lr   {}", SymbolizedAddress{frame.link_register()});
    println("  elr  {}", SymbolizedAddress{frame.elr});
    print_pstate(frame.spsr);
    print_syndrome(frame);
}

} // namespace mica::arch
