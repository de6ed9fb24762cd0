// The C++ side of the trap path: vectors.S saved a TrapFrame and calls here with interrupts off.
// Vectors 0-31 are exceptions; everything above is an interrupt (interrupt.cpp). A frame from user
// mode goes back through x86_64_prepare_user_return() (user/user_mode.cpp), the generic
// before_user_return() and the frame checks, before vectors.S irets to it.

#include "exception_decode.h"
#include "interrupt.h"

#include <arch/registers.h>
#include <arch/trap_frame.h>

extern "C" bool x86_64_prepare_user_return(mica::arch::TrapFrame* frame);

namespace {

// NMI, #DF and #MC say nothing about the code they interrupted (and run on IST stacks, where a
// thread cannot end), so even from user mode they are kernel events: handle_exception() treats
// them like one (no fixup matches a user rip, so it reports and panics).
bool is_machine_event(uint64_t vector) {
    using mica::arch::Vector;
    return vector == uint64_t(Vector::Nmi) || vector == uint64_t(Vector::DoubleFault) ||
           vector == uint64_t(Vector::MachineCheck);
}

} // namespace

extern "C" void x86_64_handle_trap(mica::arch::TrapFrame* frame) {
    using namespace mica::arch;
    if (frame->vector >= kFirstInterruptVector) {
        handle_interrupt(*frame);
    } else {
        // CR2 is only meaningful for #PF, and must be read before anything could fault again.
        uint64_t cr2 = frame->vector == uint64_t(Vector::PageFault) ? read_cr2() : 0;
        mica::ExceptionInfo info =
            decode_exception(frame->vector, frame->error_code, cr2, frame->cs);
        if (is_machine_event(frame->vector)) {
            info.from_user = false;
            mica::handle_exception(*frame, info);
            return;
        }
        // From user mode, generic code ends the process and does not return.
        mica::handle_exception(*frame, info);
    }
    if (frame->from_user())
        (void)x86_64_prepare_user_return(frame);
}
