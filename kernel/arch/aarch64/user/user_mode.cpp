// UserMode (include/arch/user_mode.h): a fresh user frame, and the first entry into EL0.

#include <arch/aarch64/user/user_return.h>
#include <arch/interrupts.h>
#include <arch/user_mode.h>
#include <core/panic.h>
#include <core/user_entry.h>

// user/enter.S: sp := frame, then the trap return path of trap/vectors.S.
extern "C" [[noreturn]] void aarch64_enter_user(mica::arch::TrapFrame* frame);

namespace mica::arch {

namespace {

// SPSR_EL1 fields (Arm ARM C5.2.18): M[4] = AArch32, M[3:0] = exception level and stack
// (0: EL0t). DAIF (bits 9:6) left clear: interrupts enabled in user mode.
constexpr uint64_t kSpsrExecutionStateAndMode = 0x1f;
constexpr uint64_t kSpsrEl0t = 0;

} // namespace

void UserMode::init_frame(TrapFrame& frame, uintptr_t entry, uintptr_t stack_pointer) {
    frame = TrapFrame{};
    frame.elr = entry;
    frame.sp = stack_pointer;
    frame.spsr = kSpsrEl0t;
}

void UserMode::set_argument(TrapFrame& frame, unsigned index, uint64_t value) {
    ASSERT(index < kArgumentRegisters);
    frame.x[index] = value;
}

void UserMode::enter(TrapFrame& frame) {
    prepare_user_return(frame);
    aarch64_enter_user(&frame);
}

void prepare_user_return(TrapFrame& frame) {
    Interrupts::disable();
    before_user_return(frame);
    frame.spsr &= ~kSpsrExecutionStateAndMode;
}

} // namespace mica::arch
