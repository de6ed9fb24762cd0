// The C++ side of the trap path: vectors.S saved a TrapFrame and calls here with interrupts off.
// Vectors 0-31 are exceptions; everything above is an interrupt (interrupt.cpp).

#include "exception_decode.h"
#include "interrupt.h"

#include <arch/registers.h>
#include <arch/trap_frame.h>

extern "C" void x86_64_handle_trap(mica::arch::TrapFrame* frame) {
    using namespace mica::arch;
    if (frame->vector >= kFirstInterruptVector) {
        handle_interrupt(*frame);
        return;
    }
    // CR2 is only meaningful for #PF, and must be read before anything could fault again.
    uint64_t cr2 = frame->vector == uint64_t(Vector::PageFault) ? read_cr2() : 0;
    mica::ExceptionInfo info = decode_exception(frame->vector, frame->error_code, cr2, frame->cs);
    mica::handle_exception(*frame, info);
}
