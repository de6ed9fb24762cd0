#pragma once
// CPU control for x86_64.

#include <arch/trap_frame.h>
#include <lib/string_view.h>

namespace mica::arch {

struct Cpu {
    static constexpr StringView kName = "x86_64";
    // `push rbp; mov rbp, rsp` leaves {saved rbp, return address} right at rbp.
    static constexpr intptr_t kFrameRecordOffset = 0;

    [[gnu::always_inline]] static uintptr_t current_frame_pointer() {
        return reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
    }

    [[noreturn]] static void halt_forever() {
        for (;;)
            asm volatile("cli; hlt");
    }

    // Sleeps until the next interrupt (returns at once if one is pending and enabled).
    static void wait_for_interrupt() { asm volatile("hlt"); }

    // int3 is a trap: the saved rip already points past it (see skip_faulting_instruction).
    [[gnu::always_inline]] static void breakpoint() { asm volatile("int3"); }
    // ud2 (0f 0b) is the architecturally guaranteed undefined instruction.
    [[gnu::always_inline]] static void illegal_instruction() { asm volatile("ud2"); }

    // Moves rip past the instruction that trapped. #BP is reported after int3 has executed, so
    // there is nothing to skip; for #UD only ud2 is recognised (x86 lengths need a decoder,
    // which the kernel does not carry); anything else panics rather than resuming mid-instruction.
    static void skip_faulting_instruction(TrapFrame& frame);

    // General registers, segment selectors, control registers and the vector's error code.
    static void dump_registers(const TrapFrame& frame);
};

} // namespace mica::arch
