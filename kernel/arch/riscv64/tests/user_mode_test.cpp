// The riscv64 user-mode pieces that can be checked without a user process: the frame UserMode
// builds and reads, the user copies failing cleanly on an unmapped user address with SUM closed
// again, and FpuState moving every FP register and fcsr through the hardware.

#include <arch/csr.h>
#include <arch/fpu.h>
#include <arch/interrupts.h>
#include <arch/user_access.h>
#include <arch/user_mode.h>
#include <core/ktest.h>
#include <core/layout.h>

using namespace mica;
using namespace mica::arch;

extern "C" bool riscv64_fpu_has_double();

namespace {

// Half way up user space: nothing maps it, whichever user table this hart has active.
constexpr uintptr_t kUnmappedUser = kUserSpaceEnd / 2 + 0x123;

Sstatus current_sstatus() { return from_raw<Sstatus>(read_sstatus()); }

} // namespace

KTEST(riscv64_user_mode, init_frame_returns_to_user_mode_with_interrupts_and_fp) {
    TrapFrame frame;
    UserMode::init_frame(frame, 0x10000, 0x20000);
    Sstatus status = from_raw<Sstatus>(frame.sstatus);
    KEXPECT(frame.from_user());
    KEXPECT_EQ(frame.instruction_pointer(), 0x10000u);
    KEXPECT_EQ(frame.stack_pointer(), 0x20000u);
    KEXPECT_EQ(uint64_t(status.spie), 1u);
    KEXPECT_EQ(uint64_t(status.sie), 0u);
    KEXPECT_EQ(uint64_t(status.sum), 0u);
    KEXPECT_EQ(uint64_t(status.fs), uint64_t(FloatState::Initial));
    for (unsigned i = 0; i < 32; ++i) {
        if (i != unsigned(Reg::Sp))
            KEXPECT_EQ(frame.x[i], 0u);
    }
}

KTEST(riscv64_user_mode, syscall_registers_follow_the_abi) {
    TrapFrame frame;
    UserMode::init_frame(frame, 0x10000, 0x20000);
    for (unsigned i = 0; i < UserMode::kArgumentCount; ++i)
        UserMode::set_argument(frame, i, 100 + i);
    frame.set_reg(Reg::A7, 38);
    KEXPECT_EQ(UserMode::syscall_number(frame), 38u);
    KEXPECT_EQ(frame.reg(Reg::A0), 100u);
    KEXPECT_EQ(frame.reg(Reg::A5), 105u);
    for (unsigned i = 0; i < UserMode::kArgumentCount; ++i)
        KEXPECT_EQ(UserMode::syscall_argument(frame, i), 100u + i);

    const uint64_t results[5] = {11, 12, 13, 14, 15};
    UserMode::set_syscall_results(frame, 16, results);
    KEXPECT_EQ(frame.reg(Reg::A0), 16u);
    KEXPECT_EQ(frame.reg(Reg::A1), 11u);
    KEXPECT_EQ(frame.reg(Reg::A5), 15u);
    KEXPECT_EQ(frame.reg(Reg::A7), 38u);
}

KTEST(riscv64_user_mode, kernel_runs_without_sum_and_fp) {
    KEXPECT(UserAccess::enforced());
    KEXPECT_EQ(uint64_t(current_sstatus().fs), uint64_t(FloatState::Off));
}

KTEST(riscv64_user_mode, copies_fail_on_unmapped_user_memory) {
    uint64_t buffer[4] = {1, 2, 3, 4};
    KEXPECT(!UserAccess::copy_from_user(buffer, kUnmappedUser, sizeof(buffer)));
    KEXPECT(UserAccess::enforced()); // the fault pad closed SUM again
    KEXPECT_EQ(buffer[0], 1u);
    KEXPECT(!UserAccess::copy_to_user(kUnmappedUser, buffer, sizeof(buffer)));
    KEXPECT(UserAccess::enforced());
    // Unaligned and byte-sized copies take the other loops.
    KEXPECT(!UserAccess::copy_from_user(reinterpret_cast<uint8_t*>(buffer) + 1, kUnmappedUser, 3));
    KEXPECT(UserAccess::copy_from_user(buffer, kUnmappedUser, 0));
    KEXPECT(UserAccess::enforced());
}

KTEST(riscv64_user_mode, fpu_state_round_trips_every_register) {
    KASSERT(riscv64_fpu_has_double());
    // A kernel thread may clobber the FP registers: the scheduler saved the last user thread's
    // when it switched here and restores them when it switches back.
    FpuState in;
    for (unsigned i = 0; i < FpuState::kRegisterCount; ++i)
        in.f[i] = 0x0123'4567'0000'0000ull + i * 0x1'0001ull;
    in.fcsr = (1u << 5) | 0x15; // frm = round towards zero, some accrued flags
    FpuState out;
    out.reset();
    KEXPECT_EQ(out.f[7], 0u);

    auto interrupts = Interrupts::disable();
    in.restore();
    out.save();
    Interrupts::restore(interrupts);

    for (unsigned i = 0; i < FpuState::kRegisterCount; ++i)
        KEXPECT_EQ(out.f[i], in.f[i]);
    KEXPECT_EQ(out.fcsr, in.fcsr);
    KEXPECT_EQ(uint64_t(current_sstatus().fs), uint64_t(FloatState::Off));
}
