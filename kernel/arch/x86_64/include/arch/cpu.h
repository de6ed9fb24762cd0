#pragma once
// CPU control for x86_64.

#include <arch/trap_frame.h>
#include <lib/span.h>
#include <lib/string_view.h>

// The probes themselves (probes.S): each access is listed in .exception_fixups.
extern "C" bool x86_64_probe_read(volatile uint64_t* address, uint64_t* out);
extern "C" bool x86_64_probe_write(volatile uint64_t* address, uint64_t value);
extern "C" bool x86_64_probe_execute(uintptr_t code);

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

    // pause: tells the core this is a spin-wait loop (saves power, and on hyper-threaded cores
    // gives the sibling the pipeline; avoids the memory-order mis-speculation on loop exit).
    static void relax() { asm volatile("pause" ::: "memory"); }

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

    // Accesses that may fault on purpose (tests of page protections); false when they did.
    static bool probe_read(volatile uint64_t* address, uint64_t& out) {
        return x86_64_probe_read(address, &out);
    }
    static bool probe_write(volatile uint64_t* address, uint64_t value) {
        return x86_64_probe_write(address, value);
    }
    static bool probe_execute(uintptr_t code) { return x86_64_probe_execute(code); }

    static Span<const uint8_t> return_instruction() {
        static constexpr uint8_t kRet[] = {0xc3};
        return Span<const uint8_t>(kRet);
    }
    // Instruction fetch snoops stores on x86, but code written through another linear address
    // is only guaranteed to run after a serializing instruction (Intel SDM Vol. 3A, "Handling
    // Self- and Cross-Modifying Code").
    static void sync_instruction_cache(uintptr_t code, uint64_t size);
};

} // namespace mica::arch
