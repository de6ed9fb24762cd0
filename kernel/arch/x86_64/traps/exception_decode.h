#pragma once
// Turns an x86 exception (vector, error code, CR2, saved cs) into the generic ExceptionInfo, and
// names the bits of the error codes for register dumps. Pure functions, so kernel tests can
// check the decoding of vectors they cannot safely raise.

#include <core/exception.h>
#include <lib/format.h>

namespace mica::arch {

enum class Vector : uint8_t {
    DivideError = 0,
    Debug = 1,
    Nmi = 2,
    Breakpoint = 3,
    Overflow = 4,
    BoundRange = 5,
    InvalidOpcode = 6,
    DeviceNotAvailable = 7,
    DoubleFault = 8,
    CoprocessorSegmentOverrun = 9,
    InvalidTss = 10,
    SegmentNotPresent = 11,
    StackSegment = 12,
    GeneralProtection = 13,
    PageFault = 14,
    X87FloatingPoint = 16,
    AlignmentCheck = 17,
    MachineCheck = 18,
    SimdFloatingPoint = 19,
    Virtualization = 20,
    ControlProtection = 21,
    HypervisorInjection = 28,
    VmmCommunication = 29,
    Security = 30,
};

// The #PF error code (Intel SDM Vol. 3A, 4.7).
struct PageFaultError {
    bool present; // a protection violation; otherwise the page was not present
    bool write;
    bool user;
    bool reserved_bit; // a reserved bit was set in a paging structure
    bool instruction_fetch;
    bool protection_key;
    bool shadow_stack;

    static PageFaultError decode(uint64_t error_code) {
        return {.present = (error_code & (1u << 0)) != 0,
                .write = (error_code & (1u << 1)) != 0,
                .user = (error_code & (1u << 2)) != 0,
                .reserved_bit = (error_code & (1u << 3)) != 0,
                .instruction_fetch = (error_code & (1u << 4)) != 0,
                .protection_key = (error_code & (1u << 5)) != 0,
                .shadow_stack = (error_code & (1u << 6)) != 0};
    }
    AccessKind access() const {
        return instruction_fetch ? AccessKind::Execute
               : write           ? AccessKind::Write
                                 : AccessKind::Read;
    }
};

// The selector error code of #TS, #NP, #SS and #GP (Intel SDM Vol. 3A, 6.13).
struct SelectorError {
    bool external; // raised while delivering an external event
    enum class Table : uint8_t { Gdt, Idt, Ldt } table;
    uint16_t index;

    static SelectorError decode(uint64_t error_code) {
        Table table = (error_code & 2) ? Table::Idt : (error_code & 4) ? Table::Ldt : Table::Gdt;
        return {.external = (error_code & 1) != 0,
                .table = table,
                .index = uint16_t((error_code >> 3) & 0x1fff)};
    }
};

// "#PF Page Fault" and so on; "reserved vector" for the holes.
const char* vector_name(uint64_t vector);
bool vector_has_error_code(uint64_t vector);
bool vector_has_selector_error_code(uint64_t vector);

ExceptionInfo decode_exception(uint64_t vector, uint64_t error_code, uint64_t cr2,
                               uint64_t code_selector);

// One line explaining the error code (the page fault bits, or the selector), for dumps.
void describe_error_code(FormatSink& sink, uint64_t vector, uint64_t error_code);

} // namespace mica::arch
