// UserMode (include/arch/user_mode.h): the syscall MSRs and SMEP/SMAP per CPU, user frames, and
// the C++ half of every return to user mode.

#include "entry_layout.h"
#include "user_frame.h"

#include <abi/mica_abi.h>
#include <arch/cpu_local.h>
#include <arch/registers.h>
#include <arch/trap_frame.h>
#include <arch/user_access.h>
#include <arch/user_mode.h>
#include <arch/x86_64/traps/descriptors.h>
#include <arch/x86_64/traps/exception_decode.h>
#include <core/exception.h>
#include <core/layout.h>
#include <core/panic.h>
#include <core/user_entry.h>

// syscall_entry.S and traps/vectors.S.
extern "C" void x86_64_syscall_entry();
extern "C" [[noreturn]] void x86_64_enter_user(mica::arch::TrapFrame* frame);

// Whether the CPU has stac/clac (SMAP), tested by the entry macros (traps/entry_macros.inc) before
// they use them. Every CPU of the machine is assumed to match the boot CPU.
extern "C" bool x86_64_smap_available = false;
namespace {
bool g_smep_enabled = false;
}

namespace mica::arch {

static_assert(USER_DATA_SELECTOR == kUserDataSelector);
static_assert(USER_CODE_SELECTOR == kUserCodeSelector);
static_assert(SYSCALL_FRAME_VECTOR == kSyscallFrameVector);
static_assert(SYSCALL_CLOCK_GET == uint64_t(abi::Syscall::ClockGet));
static_assert(USER_SPACE_END == kUserSpaceEnd);
static_assert(GS_USER_RSP == CpuLocalAccess::kSyscallUserRsp * sizeof(uintptr_t));
static_assert(GS_KERNEL_STACK == CpuLocalAccess::kKernelStackTop * sizeof(uintptr_t));
static_assert(FRAME_GPRS_SIZE == __builtin_offsetof(TrapFrame, vector));
static_assert(FRAME_RIP == __builtin_offsetof(TrapFrame, rip));
static_assert(FRAME_CS == __builtin_offsetof(TrapFrame, cs));
static_assert(FRAME_RSP == __builtin_offsetof(TrapFrame, rsp));
static_assert(FRAME_SIZE == sizeof(TrapFrame));
static_assert(MSR_GS_BASE == uint32_t(Msr::GsBase));

namespace {

// What syscall clears in rflags: interrupts stay masked until the frame is built, and user mode
// must not pass single-stepping, a reversed string direction, SMAP's override, a nested-task flag
// or an I/O privilege level into the kernel.
constexpr uint64_t kSyscallFlagMask = rflags::kTrap | rflags::kInterruptEnable |
                                      rflags::kDirection | rflags::kAlignmentCheck |
                                      rflags::kNestedTask | rflags::kIoPrivilege;

// The exception a frame that fails user_frame::is_returnable() raises for its process.
ExceptionInfo bad_frame_exception() {
    ExceptionInfo info;
    info.kind = ExceptionKind::Protection;
    info.name = "#GP General Protection (a user rip or rsp outside the lower half)";
    info.code = uint64_t(Vector::GeneralProtection);
    info.from_user = true;
    return info;
}

void enable_supervisor_protections() {
    // Leaf 7 exists only where leaf 0 says so.
    bool has_leaf7 = cpuid(0).eax >= 7;
    uint32_t features = has_leaf7 ? cpuid(7, 0).ebx : 0;
    uint64_t cr4 = read_cr4();
    if (features & cpuid_bits::kLeaf7EbxSmep)
        cr4 |= cr4::kSmep;
    if (features & cpuid_bits::kLeaf7EbxSmap)
        cr4 |= cr4::kSmap;
    write_cr4(cr4);
    g_smep_enabled = (cr4 & cr4::kSmep) != 0;
    x86_64_smap_available = (cr4 & cr4::kSmap) != 0;
}

} // namespace

void UserMode::init_this_cpu() {
    if (!(cpuid(0x8000'0001).edx & cpuid_bits::kLeaf80000001EdxSyscall))
        panic("x86_64: CPU without syscall/sysret in 64-bit mode");
    write_msr(Msr::Efer, read_msr(Msr::Efer) | efer::kSyscallEnable);
    write_msr(Msr::Star,
              Star{.kernel_base = kKernelCodeSelector, .user_base = kUserSegmentsBase}.raw());
    write_msr(Msr::Lstar, reinterpret_cast<uint64_t>(&x86_64_syscall_entry));
    // No 32-bit user code segment exists, so compatibility-mode syscall cannot happen.
    write_msr(Msr::Cstar, 0);
    write_msr(Msr::Sfmask, kSyscallFlagMask);
    // The user's gs base, parked here while the kernel runs. User mode can only make it 0 (a
    // selector load; CR4.FSGSBASE stays off), never a negative, kernel-looking value, which the
    // NMI path relies on (traps/vectors.S).
    write_msr(Msr::KernelGsBase, 0);
    enable_supervisor_protections();
}

void UserMode::init_frame(TrapFrame& frame, uintptr_t entry, uintptr_t stack) {
    frame = TrapFrame{};
    frame.vector = kSyscallFrameVector; // as if returning from a syscall
    frame.rip = entry;
    frame.cs = kUserCodeSelector;
    frame.rflags = rflags::kReservedOne | rflags::kInterruptEnable;
    frame.rsp = stack;
    frame.ss = kUserDataSelector;
}

void UserMode::set_argument(TrapFrame& frame, unsigned index, uint64_t value) {
    switch (index) {
    case 0: frame.rdi = value; break;
    case 1: frame.rsi = value; break;
    case 2: frame.rdx = value; break;
    case 3: frame.rcx = value; break;
    case 4: frame.r8 = value; break;
    case 5: frame.r9 = value; break;
    default: break;
    }
}

void UserMode::set_kernel_stack(uintptr_t stack_top) {
    CpuLocal* cpu = CpuLocalAccess::current();
    cpu->arch_scratch[CpuLocalAccess::kKernelStackTop] = stack_top;
    reinterpret_cast<CpuDescriptors*>(cpu->arch_scratch[CpuLocalAccess::kDescriptors])->tss.rsp[0] =
        stack_top;
}

bool UserAccess::enforced() { return x86_64_smap_available; }
bool UserAccess::execute_protected() { return g_smep_enabled; }

} // namespace mica::arch

// The last C++ on every way back to user mode, interrupts masked, `frame` at the top of the
// thread's kernel stack: generic code's last word (which may end the thread, or rewrite any
// register), then the checks that keep iretq and sysretq from faulting in the kernel. Returns
// whether sysretq may be used (user_frame::sysret_restores).
extern "C" bool x86_64_prepare_user_return(mica::arch::TrapFrame* frame) {
    using namespace mica::arch;
    for (bool reported = false;; reported = true) {
        mica::before_user_return(*frame);
        if (user_frame::is_returnable(*frame))
            break;
        if (reported)
            mica::panic("x86_64: user frame still has rip {:#x} rsp {:#x} after its fault",
                        frame->rip, frame->rsp);
        // Generic code ends the process here; it returns only if a test expected the fault.
        mica::handle_exception(*frame, bad_frame_exception());
    }
    user_frame::sanitize(*frame);
    return user_frame::sysret_restores(*frame);
}

// From syscall_entry.S, interrupts masked, on the thread's kernel stack.
extern "C" bool x86_64_handle_syscall(mica::arch::TrapFrame* frame) {
    mica::handle_syscall(*frame);
    return x86_64_prepare_user_return(frame);
}

namespace mica::arch {

void UserMode::enter(TrapFrame& frame) {
    set_kernel_stack(reinterpret_cast<uintptr_t>(&frame + 1));
    (void)x86_64_prepare_user_return(&frame);
    x86_64_enter_user(&frame);
}

} // namespace mica::arch
