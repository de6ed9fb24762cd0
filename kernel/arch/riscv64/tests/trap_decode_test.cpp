// decode_exception() against every cause the privileged spec defines for S-mode, without
// taking any trap.

#include "../trap_decode.h"

#include <arch/cpu.h>
#include <core/ktest.h>

using namespace mica;
using namespace mica::arch;

namespace {
constexpr uint64_t kFromSupervisor = 1u << 8; // sstatus.SPP
constexpr uint64_t kFromUser = 0;
constexpr uint64_t kAddress = 0xffff'ffe0'1234'5678;

ExceptionInfo decode(ExceptionCode code, uint64_t stval = kAddress,
                     uint64_t sstatus = kFromSupervisor) {
    return decode_exception(uint64_t(code), stval, sstatus);
}
} // namespace

KTEST(riscv64_decode, breakpoint_and_illegal_instruction) {
    ExceptionInfo breakpoint = decode(ExceptionCode::Breakpoint, 0);
    KEXPECT(breakpoint.kind == ExceptionKind::Breakpoint);
    KEXPECT_EQ(StringView(breakpoint.name), StringView("Breakpoint"));
    KEXPECT_EQ(breakpoint.code, 3u);
    KEXPECT(!breakpoint.has_fault_address);

    // stval holds the instruction bits, which are not an address.
    ExceptionInfo illegal = decode(ExceptionCode::IllegalInstruction, 0xc0001073);
    KEXPECT(illegal.kind == ExceptionKind::IllegalInstruction);
    KEXPECT_EQ(illegal.detail, 0xc0001073u);
    KEXPECT(!illegal.has_fault_address);
}

KTEST(riscv64_decode, page_faults_carry_address_and_access) {
    struct Case {
        ExceptionCode code;
        AccessKind access;
    };
    const Case cases[] = {
        {ExceptionCode::InstructionPageFault, AccessKind::Execute},
        {ExceptionCode::LoadPageFault, AccessKind::Read},
        {ExceptionCode::StorePageFault, AccessKind::Write},
    };
    for (const Case& c : cases) {
        ExceptionInfo info = decode(c.code);
        KEXPECT(info.kind == ExceptionKind::PageFault);
        KEXPECT(info.access == c.access);
        KEXPECT(info.has_fault_address);
        KEXPECT_EQ(info.fault_address, kAddress);
    }
}

KTEST(riscv64_decode, misaligned_and_access_faults) {
    KEXPECT(decode(ExceptionCode::InstructionMisaligned).kind == ExceptionKind::Alignment);
    KEXPECT(decode(ExceptionCode::LoadMisaligned).access == AccessKind::Read);
    KEXPECT(decode(ExceptionCode::StoreMisaligned).access == AccessKind::Write);
    KEXPECT(decode(ExceptionCode::StoreMisaligned).kind == ExceptionKind::Alignment);
    KEXPECT(decode(ExceptionCode::InstructionAccessFault).kind == ExceptionKind::Protection);
    KEXPECT(decode(ExceptionCode::LoadAccessFault).access == AccessKind::Read);
    KEXPECT(decode(ExceptionCode::StoreAccessFault).has_fault_address);
}

KTEST(riscv64_decode, privilege_comes_from_spp) {
    KEXPECT(!decode(ExceptionCode::Breakpoint, 0, kFromSupervisor).from_user);
    KEXPECT(decode(ExceptionCode::Breakpoint, 0, kFromUser).from_user);
    KEXPECT_EQ(StringView(decode(ExceptionCode::EcallFromUser).name),
               StringView("Environment call from U-mode"));
}

KTEST(riscv64_decode, unknown_causes_and_interrupts_are_named) {
    ExceptionInfo reserved = decode_exception(14, 0, kFromSupervisor);
    KEXPECT(reserved.kind == ExceptionKind::Other);
    KEXPECT_EQ(StringView(reserved.name), StringView("Reserved or custom cause"));
    KEXPECT_EQ(StringView(cause_name(kScauseInterrupt | 5)),
               StringView("Supervisor timer interrupt"));
    KEXPECT_EQ(StringView(cause_name(kScauseInterrupt | 9)),
               StringView("Supervisor external interrupt"));
    KEXPECT_EQ(StringView(cause_name(13)), StringView("Load page fault"));
}

KTEST(riscv64_decode, instruction_length_from_low_bits) {
    KEXPECT_EQ(instruction_length(0x9002), 2u); // c.ebreak
    KEXPECT_EQ(instruction_length(0x0000), 2u); // c.unimp
    KEXPECT_EQ(instruction_length(0x0073), 4u); // low half of ebreak (0x00100073)
    KEXPECT_EQ(instruction_length(0x1073), 4u); // low half of csrrw zero, cycle, zero
}
