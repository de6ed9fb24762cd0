// The x86_64 pieces of user mode that can be checked from the kernel: the syscall MSRs, SMEP and
// SMAP on every CPU, the ring-3 segments, the return-path frame checks, the user copies' fault
// path, the FP/SIMD save area, and where traps from user mode land. Running user code is the
// generic tests' part (with tests/user_test_programs.S).

#include <arch/cpu_local.h>
#include <arch/fpu.h>
#include <arch/interrupts.h>
#include <arch/registers.h>
#include <arch/user_access.h>
#include <arch/user_mode.h>
#include <arch/x86_64/traps/descriptors.h>
#include <arch/x86_64/user/user_frame.h>
#include <core/cpu_local.h>
#include <core/ktest.h>
#include <core/layout.h>
#include <core/smp.h>
#include <vm/page_table_format.h>

extern "C" void x86_64_syscall_entry();

using namespace mica;
using namespace mica::arch;

namespace {

struct CpuCheck {
    Atomic<uint32_t> good{0};
};

uint32_t leaf7_ebx() { return cpuid(0).eax >= 7 ? cpuid(7, 0).ebx : 0; }

void check_syscall_setup(void* argument) {
    uint64_t cr4 = read_cr4();
    uint32_t features = leaf7_ebx();
    bool ok = (read_msr(Msr::Efer) & efer::kSyscallEnable) &&
              read_msr(Msr::Star) ==
                  Star{.kernel_base = kKernelCodeSelector, .user_base = kUserSegmentsBase}.raw() &&
              read_msr(Msr::Lstar) == reinterpret_cast<uint64_t>(&x86_64_syscall_entry) &&
              (read_msr(Msr::Sfmask) & rflags::kInterruptEnable) &&
              (read_msr(Msr::Sfmask) & rflags::kAlignmentCheck) &&
              bool(cr4 & cr4::kSmep) == bool(features & cpuid_bits::kLeaf7EbxSmep) &&
              bool(cr4 & cr4::kSmap) == bool(features & cpuid_bits::kLeaf7EbxSmap);
    if (ok)
        static_cast<CpuCheck*>(argument)->good.fetch_add(1);
}

struct [[gnu::packed]] TablePointer {
    uint16_t limit;
    uint64_t base;
};

uint64_t gdt_entry(uint16_t selector) {
    TablePointer gdt{};
    asm volatile("sgdt %0" : "=m"(gdt));
    return reinterpret_cast<const uint64_t*>(gdt.base)[selector >> 3];
}

// Descriptor fields (Intel SDM Vol. 3A, 3.4.5).
unsigned descriptor_dpl(uint64_t descriptor) { return (descriptor >> 45) & 3; }
bool descriptor_is_code(uint64_t descriptor) { return (descriptor >> 43) & 1; }
bool descriptor_is_64bit(uint64_t descriptor) { return (descriptor >> 53) & 1; }

bool access_flag_clear() { return !(read_rflags() & rflags::kAlignmentCheck); }

TrapFrame syscall_like_frame() {
    TrapFrame frame{};
    UserMode::init_frame(frame, kUserSpaceBase + 0x40, kUserSpaceBase + 0x2000);
    frame.rcx = frame.rip; // what the syscall instruction leaves
    frame.r11 = frame.rflags;
    return frame;
}

} // namespace

KTEST(x86_64_user, syscall_msrs_smep_smap_on_every_cpu) {
    CpuCheck check;
    smp::call_on_all(check_syscall_setup, &check);
    KEXPECT_EQ(check.good.load(), online_cpu_count());
    KEXPECT_EQ(UserAccess::enforced(), bool(leaf7_ebx() & cpuid_bits::kLeaf7EbxSmap));
    KEXPECT_EQ(UserAccess::execute_protected(), bool(leaf7_ebx() & cpuid_bits::kLeaf7EbxSmep));
}

KTEST(x86_64_user, gdt_has_ring3_segments_where_sysret_wants_them) {
    uint64_t data = gdt_entry(kUserDataSelector);
    uint64_t code = gdt_entry(kUserCodeSelector);
    KEXPECT_EQ(descriptor_dpl(data), 3u);
    KEXPECT(!descriptor_is_code(data));
    KEXPECT_EQ(descriptor_dpl(code), 3u);
    KEXPECT(descriptor_is_code(code));
    KEXPECT(descriptor_is_64bit(code));
    KEXPECT_EQ(descriptor_dpl(gdt_entry(kKernelCodeSelector)), 0u);
}

KTEST(x86_64_user, fresh_frame_is_user_mode_with_interrupts_on) {
    TrapFrame frame{};
    UserMode::init_frame(frame, 0x12'3456, 0x7'8000);
    UserMode::set_argument(frame, 0, 0xabc);
    UserMode::set_argument(frame, 3, 0xdef);
    KEXPECT(frame.from_user());
    KEXPECT_EQ(frame.rip, 0x12'3456u);
    KEXPECT_EQ(frame.rsp, 0x7'8000u);
    KEXPECT_EQ(frame.rdi, 0xabcu);
    KEXPECT_EQ(frame.rcx, 0xdefu); // SysV: the fourth argument of a function is in rcx
    KEXPECT(frame.rflags & rflags::kInterruptEnable);
    KEXPECT_EQ(frame.rax, 0u);
}

KTEST(x86_64_user, syscall_registers_follow_the_abi) {
    TrapFrame frame{};
    frame.rax = 38;
    frame.rdi = 1, frame.rsi = 2, frame.rdx = 3, frame.r10 = 4, frame.r8 = 5, frame.r9 = 6;
    frame.rcx = 99; // the user rip, never an argument
    KEXPECT_EQ(UserMode::syscall_number(frame), 38u);
    for (unsigned i = 0; i < 6; ++i)
        KEXPECT_EQ(UserMode::syscall_argument(frame, i), uint64_t(i + 1));
    const uint64_t results[5] = {10, 20, 30, 40, 50};
    UserMode::set_syscall_results(frame, 16, results);
    KEXPECT_EQ(frame.rax, 16u);
    KEXPECT_EQ(frame.rdi, 10u);
    KEXPECT_EQ(frame.rsi, 20u);
    KEXPECT_EQ(frame.rdx, 30u);
    KEXPECT_EQ(frame.r10, 40u);
    KEXPECT_EQ(frame.r8, 50u);
    KEXPECT_EQ(frame.r9, 6u);
}

KTEST(x86_64_user, return_checks_pick_sysret_only_when_it_is_exact) {
    TrapFrame frame = syscall_like_frame();
    KEXPECT(user_frame::is_returnable(frame));
    user_frame::sanitize(frame);
    KEXPECT(user_frame::sysret_restores(frame));

    // Generic code changed rcx (or r11): only iretq restores it.
    TrapFrame changed = frame;
    changed.rcx = 7;
    KEXPECT(!user_frame::sysret_restores(changed));
    // A rip past user space but still canonical: iretq (sysret would #GP in ring 0 at the edge).
    TrapFrame high = frame;
    high.rip = high.rcx = user_frame::kLowerHalfEnd - 2;
    KEXPECT(user_frame::is_returnable(high));
    KEXPECT(!user_frame::sysret_restores(high));
    // Non-canonical or kernel-half rip / rsp: the process's fault, never returned through.
    TrapFrame bad = frame;
    bad.rip = 0x8000'0000'0000'0000;
    KEXPECT(!user_frame::is_returnable(bad));
    bad = frame;
    bad.rsp = kKernelImageBase;
    KEXPECT(!user_frame::is_returnable(bad));
}

KTEST(x86_64_user, sanitize_keeps_ring3_and_user_flags_only) {
    TrapFrame frame = syscall_like_frame();
    frame.cs = kKernelCodeSelector;
    frame.ss = kKernelDataSelector;
    frame.rflags = rflags::kIoPrivilege | rflags::kCarry | rflags::kDirection;
    user_frame::sanitize(frame);
    KEXPECT_EQ(frame.cs, uint64_t(kUserCodeSelector));
    KEXPECT_EQ(frame.ss, uint64_t(kUserDataSelector));
    KEXPECT_EQ(frame.rflags, rflags::kReservedOne | rflags::kInterruptEnable | rflags::kCarry |
                                 rflags::kDirection);
}

KTEST(x86_64_user, copies_succeed_and_faults_return_false) {
    uint64_t source = 0x1122'3344'5566'7788, target = 0;
    // The copy routine itself does not check ranges (callers do), so kernel buffers exercise the
    // path that copies.
    KEXPECT(UserAccess::copy_from_user(&target, reinterpret_cast<uintptr_t>(&source), 8));
    KEXPECT_EQ(target, source);
    KEXPECT(access_flag_clear());
    // The last page of user space: no test process maps it, so the copy faults and stops.
    uintptr_t unmapped = kUserSpaceEnd - kPageSize;
    KEXPECT(!UserAccess::copy_from_user(&target, unmapped, 8));
    KEXPECT(access_flag_clear());
    KEXPECT(!UserAccess::copy_to_user(unmapped, &source, 8));
    KEXPECT(access_flag_clear());
    KEXPECT(UserAccess::copy_to_user(reinterpret_cast<uintptr_t>(&target), &source, 0));
}

KTEST(x86_64_user, fpu_state_survives_restore_and_save) {
    FpuState::init_this_cpu(); // idempotent; the boot path may not have run it yet
    static FpuState written, readback;
    written.reset();
    constexpr size_t kXmm0 = 160, kXmmBytes = 256;
    for (size_t i = 0; i < kXmmBytes; ++i)
        written.area[kXmm0 + i] = uint8_t(i * 7 + 1);
    // Masked: a switch to a user thread in between would load its registers instead.
    Interrupts::State masked = Interrupts::disable();
    written.restore();
    readback.save();
    Interrupts::restore(masked);
    KEXPECT_EQ(__builtin_memcmp(readback.area + kXmm0, written.area + kXmm0, kXmmBytes), 0);
    uint16_t control_word;
    uint32_t mxcsr;
    __builtin_memcpy(&control_word, readback.area, sizeof control_word);
    __builtin_memcpy(&mxcsr, readback.area + 24, sizeof mxcsr);
    KEXPECT_EQ(control_word, FpuState::kDefaultControlWord);
    KEXPECT_EQ(mxcsr, FpuState::kDefaultMxcsr);
    KEXPECT(!(read_cr0() & (cr0::kEmulation | cr0::kTaskSwitched)));
    KEXPECT(read_cr4() & cr4::kOsFxsr);
}

KTEST(x86_64_user, kernel_stack_goes_to_tss_and_syscall_slot) {
    Interrupts::State masked = Interrupts::disable();
    CpuLocal* cpu = CpuLocalAccess::current();
    auto* descriptors =
        reinterpret_cast<CpuDescriptors*>(cpu->arch_scratch[CpuLocalAccess::kDescriptors]);
    uint64_t old_rsp0 = descriptors->tss.rsp[0];
    uintptr_t old_slot = cpu->arch_scratch[CpuLocalAccess::kKernelStackTop];
    UserMode::set_kernel_stack(0xffff'ffc0'1234'0000);
    uint64_t rsp0 = descriptors->tss.rsp[0];
    uintptr_t slot = cpu->arch_scratch[CpuLocalAccess::kKernelStackTop];
    descriptors->tss.rsp[0] = old_rsp0;
    cpu->arch_scratch[CpuLocalAccess::kKernelStackTop] = old_slot;
    Interrupts::restore(masked);
    KEXPECT_EQ(rsp0, 0xffff'ffc0'1234'0000u);
    KEXPECT_EQ(slot, uintptr_t(0xffff'ffc0'1234'0000));
}
