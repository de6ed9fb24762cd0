#include "exception_decode.h"

#include <arch/user_mode.h>

namespace mica::arch {

namespace {

struct VectorDescription {
    const char* name;
    ExceptionKind kind;
};

// Intel SDM Vol. 3A, Table 6-1, and AMD APM Vol. 2, 8.2 (vectors 28-30).
constexpr VectorDescription kVectors[32] = {
    {"#DE Divide Error", ExceptionKind::Arithmetic},
    {"#DB Debug", ExceptionKind::Other},
    {"#NMI Non-Maskable Interrupt", ExceptionKind::Other},
    {"#BP Breakpoint", ExceptionKind::Breakpoint},
    {"#OF Overflow", ExceptionKind::Arithmetic},
    {"#BR Bound Range Exceeded", ExceptionKind::Protection},
    {"#UD Invalid Opcode", ExceptionKind::IllegalInstruction},
    {"#NM Device Not Available", ExceptionKind::IllegalInstruction},
    {"#DF Double Fault", ExceptionKind::Other},
    {"Coprocessor Segment Overrun", ExceptionKind::Other},
    {"#TS Invalid TSS", ExceptionKind::Protection},
    {"#NP Segment Not Present", ExceptionKind::Protection},
    {"#SS Stack-Segment Fault", ExceptionKind::Protection},
    {"#GP General Protection", ExceptionKind::Protection},
    {"#PF Page Fault", ExceptionKind::PageFault},
    {"reserved vector", ExceptionKind::Other},
    {"#MF x87 Floating-Point Error", ExceptionKind::Arithmetic},
    {"#AC Alignment Check", ExceptionKind::Alignment},
    {"#MC Machine Check", ExceptionKind::Other},
    {"#XM SIMD Floating-Point", ExceptionKind::Arithmetic},
    {"#VE Virtualization Exception", ExceptionKind::Other},
    {"#CP Control Protection", ExceptionKind::Protection},
    {"reserved vector", ExceptionKind::Other},
    {"reserved vector", ExceptionKind::Other},
    {"reserved vector", ExceptionKind::Other},
    {"reserved vector", ExceptionKind::Other},
    {"reserved vector", ExceptionKind::Other},
    {"reserved vector", ExceptionKind::Other},
    {"#HV Hypervisor Injection", ExceptionKind::Other},
    {"#VC VMM Communication", ExceptionKind::Other},
    {"#SX Security", ExceptionKind::Protection},
    {"reserved vector", ExceptionKind::Other},
};

const char* table_name(SelectorError::Table table) {
    switch (table) {
    case SelectorError::Table::Gdt: return "GDT";
    case SelectorError::Table::Idt: return "IDT";
    case SelectorError::Table::Ldt: return "LDT";
    }
    return "?";
}

} // namespace

const char* vector_name(uint64_t vector) {
    if (vector == kSyscallFrameVector)
        return "syscall";
    return vector < 32 ? kVectors[vector].name : "external interrupt";
}

bool vector_has_error_code(uint64_t vector) {
    switch (Vector(vector)) {
    case Vector::DoubleFault:
    case Vector::InvalidTss:
    case Vector::SegmentNotPresent:
    case Vector::StackSegment:
    case Vector::GeneralProtection:
    case Vector::PageFault:
    case Vector::AlignmentCheck:
    case Vector::ControlProtection:
    case Vector::VmmCommunication:
    case Vector::Security: return vector < 32;
    default: return false;
    }
}

bool vector_has_selector_error_code(uint64_t vector) {
    switch (Vector(vector)) {
    case Vector::InvalidTss:
    case Vector::SegmentNotPresent:
    case Vector::StackSegment:
    case Vector::GeneralProtection: return vector < 32;
    default: return false;
    }
}

ExceptionInfo decode_exception(uint64_t vector, uint64_t error_code, uint64_t cr2,
                               uint64_t code_selector) {
    ExceptionInfo info;
    info.code = vector;
    info.detail = error_code;
    info.name = vector_name(vector);
    info.kind = vector < 32 ? kVectors[vector].kind : ExceptionKind::Other;
    info.from_user = (code_selector & 3) != 0;
    if (vector == uint64_t(Vector::PageFault)) {
        info.has_fault_address = true;
        info.fault_address = cr2;
        info.access = PageFaultError::decode(error_code).access();
    }
    return info;
}

void describe_error_code(FormatSink& sink, uint64_t vector, uint64_t error_code) {
    if (vector == uint64_t(Vector::PageFault)) {
        PageFaultError pf = PageFaultError::decode(error_code);
        format(sink, "page fault: {} page, {} {}{}{}{}",
               pf.present ? "protection on a present" : "non-present", pf.user ? "user" : "kernel",
               pf.instruction_fetch ? "instruction fetch"
               : pf.write           ? "write"
                                    : "read",
               pf.reserved_bit ? ", reserved bit set" : "",
               pf.protection_key ? ", protection key" : "",
               pf.shadow_stack ? ", shadow stack" : "");
        return;
    }
    if (vector_has_selector_error_code(vector)) {
        if (error_code == 0) {
            format(sink, "no selector involved");
            return;
        }
        SelectorError selector = SelectorError::decode(error_code);
        format(sink, "selector: {} index {}{}", table_name(selector.table), selector.index,
               selector.external ? " (external event)" : "");
        return;
    }
    if (vector_has_error_code(vector))
        format(sink, "error code {:#x}", error_code);
    else
        format(sink, "no error code");
}

} // namespace mica::arch
