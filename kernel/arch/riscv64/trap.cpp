// The C++ half of the trap path: trap_entry.S saves the registers and calls
// riscv64_handle_trap(), which decodes scause and hands exceptions, interrupts and (from U-mode)
// syscalls to generic code. Traps from both privileges come here; the entry and return paths
// are what differ (trap_entry.S).

#include "trap_decode.h"

#include <arch/cpu.h>
#include <arch/cpu_local.h>
#include <arch/csr.h>
#include <arch/interrupt_controller.h>
#include <arch/smp.h>
#include <arch/timer.h>
#include <arch/trap_frame.h>
#include <core/console.h>
#include <core/cpu_local.h>
#include <core/interrupt.h>
#include <core/panic.h>
#include <core/user_entry.h>

namespace mica::arch {

namespace {

// ecall has no compressed form.
constexpr uint64_t kEcallLength = 4;

// Acknowledge at the source, run the one generic handler, signal the end. False for a cause
// the kernel never enables.
bool dispatch_interrupt(InterruptCode code) {
    switch (code) {
    case InterruptCode::SupervisorTimer:
        Timer::acknowledge();
        handle_timer_interrupt();
        return true;
    case InterruptCode::SupervisorSoftware:
        Smp::acknowledge_ipi();
        handle_ipi();
        return true;
    case InterruptCode::SupervisorExternal:
        // 0: the line was claimed by another hart, or went quiet; nothing to complete.
        if (uint32_t line = InterruptController::claim(); line != 0) {
            handle_device_interrupt(line);
            InterruptController::complete(line);
        }
        return true;
    }
    return false;
}

} // namespace

extern "C" void riscv64_handle_trap(TrapFrame& frame) {
    Scause cause = from_raw<Scause>(frame.scause);
    if (cause.interrupt) {
        // Handlers run with SIE clear, so interrupts never nest here.
        bool known = dispatch_interrupt(InterruptCode(cause.code));
        if (!known) {
            println("\nINTERRUPT: {} (scause {:#x}) was never enabled", cause_name(frame.scause),
                    frame.scause);
            Cpu::dump_registers(frame);
            panic("unexpected interrupt");
        }
        // Last: it may switch to another thread and come back here much later, maybe on another
        // hart; the frame is on this thread's stack either way.
        interrupt_exit();
        return;
    }
    if (ExceptionCode(cause.code) == ExceptionCode::EcallFromUser) {
        // sepc points at the ecall; the syscall returns after it (generic code may still move
        // it, e.g. to restart the call).
        frame.sepc += kEcallLength;
        handle_syscall(frame);
        return;
    }
    // From U-mode, the decoding says from_user (sstatus.SPP) and generic code kills the process.
    handle_exception(frame, decode_exception(frame.scause, frame.stval, frame.sstatus));
}

// For trap_entry.S, which cannot name a C++ function.
extern "C" void riscv64_before_user_return(TrapFrame& frame) { before_user_return(frame); }

extern "C" [[noreturn]] void riscv64_thread_returned() {
    panic("a kernel thread's entry function returned");
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
