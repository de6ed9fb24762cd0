// ESR decoding with syndromes written by hand from the Arm ARM's field layouts, including ones the
// other tests cannot provoke.

#include <arch/aarch64/trap/esr.h>
#include <core/ktest.h>

using namespace mica;
using namespace mica::arch;

namespace {
constexpr uint64_t esr(uint32_t ec, uint32_t iss, bool il = true) {
    return uint64_t(ec) << 26 | uint64_t(il) << 25 | iss;
}
} // namespace

KTEST(aarch64_esr, brk_is_a_breakpoint) {
    ExceptionInfo info = decode_exception(Esr{esr(0x3c, 0x1234)}, 0, false);
    KEXPECT(info.kind == ExceptionKind::Breakpoint);
    KEXPECT_EQ(StringView(info.name), StringView("EC 0x3c BRK instruction"));
    KEXPECT_EQ(info.detail, 0x1234u);
    KEXPECT_EQ(Esr{esr(0x3c, 0x1234)}.brk_immediate(), 0x1234u);
    KEXPECT(!info.has_fault_address);
}

KTEST(aarch64_esr, unknown_reason_is_an_illegal_instruction) {
    ExceptionInfo info = decode_exception(Esr{esr(0x00, 0)}, 0, true);
    KEXPECT(info.kind == ExceptionKind::IllegalInstruction);
    KEXPECT(info.from_user);
}

KTEST(aarch64_esr, data_abort_decodes_level_and_direction) {
    // DFSC 0x07: translation fault, level 3; WnR set.
    Esr syndrome{esr(0x25, (1u << 6) | 0x07)};
    ExceptionInfo info = decode_exception(syndrome, 0xffffffe000001000, false);
    KEXPECT(info.kind == ExceptionKind::PageFault);
    KEXPECT(info.access == AccessKind::Write);
    KEXPECT(info.has_fault_address);
    KEXPECT_EQ(info.fault_address, 0xffffffe000001000u);
    FaultStatus status = decode_fault_status(syndrome.fault_status());
    KEXPECT_EQ(StringView(status.description), StringView("translation fault"));
    KEXPECT_EQ(int(status.level), 3);
}

KTEST(aarch64_esr, fault_status_codes) {
    KEXPECT_EQ(StringView(decode_fault_status(0x0d).description), StringView("permission fault"));
    KEXPECT_EQ(int(decode_fault_status(0x0d).level), 1);
    KEXPECT_EQ(StringView(decode_fault_status(0x0a).description), StringView("access flag fault"));
    KEXPECT_EQ(int(decode_fault_status(0x2b).level), -1);
    KEXPECT(decode_fault_status(0x21).kind == ExceptionKind::Alignment);
    KEXPECT_EQ(int(decode_fault_status(0x21).level), int(FaultStatus::kNoLevel));
    KEXPECT(decode_fault_status(0x10).kind == ExceptionKind::Other);
    KEXPECT_EQ(StringView(decode_fault_status(0x3f).description),
               StringView("reserved fault status code"));
}

KTEST(aarch64_esr, alignment_and_instruction_aborts) {
    // A data abort with DFSC 0x21 is an alignment fault, not a page fault.
    KEXPECT(decode_exception(Esr{esr(0x25, 0x21)}, 0x1001, false).kind == ExceptionKind::Alignment);
    ExceptionInfo pc = decode_exception(Esr{esr(0x22, 0)}, 0xffffffff80000002, false);
    KEXPECT(pc.kind == ExceptionKind::Alignment);
    KEXPECT(pc.access == AccessKind::Execute);
    KEXPECT_EQ(pc.fault_address, 0xffffffff80000002u);
    KEXPECT(decode_exception(Esr{esr(0x26, 0)}, 0, false).kind == ExceptionKind::Alignment);
    ExceptionInfo fetch = decode_exception(Esr{esr(0x20, 0x0f)}, 0x400000, true);
    KEXPECT(fetch.kind == ExceptionKind::PageFault);
    KEXPECT(fetch.access == AccessKind::Execute);
}

KTEST(aarch64_esr, far_not_valid_hides_the_address) {
    ExceptionInfo info = decode_exception(Esr{esr(0x25, (1u << 10) | 0x10)}, 0x1234, false);
    KEXPECT(!info.has_fault_address);
    KEXPECT(info.kind == ExceptionKind::Other); // synchronous external abort
}

KTEST(aarch64_esr, unrecognised_class_is_named_generically) {
    ExceptionInfo info = decode_exception(Esr{esr(0x3f, 0)}, 0, false);
    KEXPECT(info.kind == ExceptionKind::Other);
    KEXPECT(StringView(info.name).starts_with("EC "));
}
