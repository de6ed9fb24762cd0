// The C++ half of the trap path: trap_entry.S saves the registers and calls
// riscv64_handle_trap(), which decodes scause and hands exceptions to generic code.

#include "trap_decode.h"

#include <arch/cpu.h>
#include <arch/csr.h>
#include <arch/trap_frame.h>
#include <core/console.h>
#include <core/panic.h>

namespace mica::arch {

extern "C" void riscv64_handle_trap(TrapFrame& frame) {
    if (from_raw<Scause>(frame.scause).interrupt) {
        // Nothing enables interrupts yet (sie = 0, sstatus.SIE = 0), so one arriving means the
        // state is not what the kernel believes: stop loudly. The interrupt issue replaces this.
        println("\nINTERRUPT: {} (scause {:#x}) while none are enabled", cause_name(frame.scause),
                frame.scause);
        Cpu::dump_registers(frame);
        panic("unexpected interrupt");
    }
    handle_exception(frame, decode_exception(frame.scause, frame.stval, frame.sstatus));
}

void Cpu::skip_faulting_instruction(TrapFrame& frame) {
    // After a fetch fault sepc is the unreachable target itself: reading it would fault again
    // inside the handler, and "the next instruction" means nothing there.
    switch (ExceptionCode(from_raw<Scause>(frame.scause).code)) {
    case ExceptionCode::InstructionMisaligned:
    case ExceptionCode::InstructionAccessFault:
    case ExceptionCode::InstructionPageFault:
        panic("cannot skip an instruction that could not be fetched (sepc {:#x})", frame.sepc);
    default: break;
    }
    // sepc is only 2-byte aligned with the C extension; the low parcel alone gives the length.
    uint16_t parcel = *reinterpret_cast<const volatile uint16_t*>(frame.sepc);
    frame.sepc += instruction_length(parcel);
}

void Cpu::halt_forever() {
    asm volatile("csrci sstatus, 2" ::: "memory"); // SIE: wfi still wakes, but nothing is taken
    for (;;)
        asm volatile("wfi" ::: "memory");
}

} // namespace mica::arch
