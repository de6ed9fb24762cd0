// Decoding of x86 vectors and error codes, including vectors the tests cannot safely raise.

#include "../traps/exception_decode.h"

#include <core/ktest.h>

using namespace mica;
using namespace mica::arch;

KTEST(x86_64_decode, vectors_map_to_generic_kinds) {
    KEXPECT(decode_exception(3, 0, 0, 0x08).kind == ExceptionKind::Breakpoint);
    KEXPECT(decode_exception(6, 0, 0, 0x08).kind == ExceptionKind::IllegalInstruction);
    KEXPECT(decode_exception(0, 0, 0, 0x08).kind == ExceptionKind::Arithmetic);
    KEXPECT(decode_exception(13, 0, 0, 0x08).kind == ExceptionKind::Protection);
    KEXPECT(decode_exception(14, 0, 0, 0x08).kind == ExceptionKind::PageFault);
    KEXPECT(decode_exception(17, 0, 0, 0x08).kind == ExceptionKind::Alignment);
    KEXPECT(decode_exception(8, 0, 0, 0x08).kind == ExceptionKind::Other);
    KEXPECT_EQ(StringView(decode_exception(13, 0, 0, 0x08).name),
               StringView("#GP General Protection"));
    KEXPECT_EQ(StringView(vector_name(15)), StringView("reserved vector"));
}

KTEST(x86_64_decode, privilege_comes_from_the_saved_cs) {
    KEXPECT(!decode_exception(3, 0, 0, 0x08).from_user);
    KEXPECT(decode_exception(3, 0, 0, 0x23).from_user);
}

KTEST(x86_64_decode, page_fault_access_from_error_code) {
    constexpr uint64_t kAddress = 0xdead'b000;
    ExceptionInfo read = decode_exception(14, 0b00000, kAddress, 0x08);
    KEXPECT(read.has_fault_address);
    KEXPECT_EQ(read.fault_address, kAddress);
    KEXPECT(read.access == AccessKind::Read);
    KEXPECT(decode_exception(14, 0b00011, 0, 0x08).access == AccessKind::Write);
    KEXPECT(decode_exception(14, 0b10001, 0, 0x08).access == AccessKind::Execute);
    KEXPECT(!decode_exception(13, 0, kAddress, 0x08).has_fault_address);

    PageFaultError pf = PageFaultError::decode(0b01111);
    KEXPECT(pf.present && pf.write && pf.user && pf.reserved_bit && !pf.instruction_fetch);
}

KTEST(x86_64_decode, selector_error_codes) {
    SelectorError idt = SelectorError::decode(0x0d * 8 + 2); // IDT entry 13
    KEXPECT(idt.table == SelectorError::Table::Idt);
    KEXPECT_EQ(idt.index, 13);
    KEXPECT(!idt.external);
    SelectorError gdt = SelectorError::decode(0x18 | 1);
    KEXPECT(gdt.table == SelectorError::Table::Gdt);
    KEXPECT_EQ(gdt.index, 3);
    KEXPECT(gdt.external);
    KEXPECT(SelectorError::decode(4).table == SelectorError::Table::Ldt);
}

KTEST(x86_64_decode, error_code_presence) {
    constexpr uint8_t kWithCode[] = {8, 10, 11, 12, 13, 14, 17, 21, 29, 30};
    unsigned count = 0;
    for (uint64_t vector = 0; vector < 32; ++vector)
        count += vector_has_error_code(vector);
    KEXPECT_EQ(count, sizeof kWithCode);
    for (uint8_t vector : kWithCode)
        KEXPECT(vector_has_error_code(vector));
    KEXPECT(!vector_has_error_code(3));
}

KTEST(x86_64_decode, describes_page_fault_bits) {
    char buffer[128];
    BufferSink sink(buffer, sizeof buffer);
    describe_error_code(sink, 14, 0b10100);
    KEXPECT_EQ(sink.view(), StringView("page fault: non-present page, user instruction fetch"));
}
