#pragma once
// CPU control for aarch64 (the arch contract's Cpu).

#include <arch/trap_frame.h>
#include <lib/span.h>
#include <lib/string_view.h>
#include <lib/types.h>

// The probes themselves (cpu/probes.S): each access is listed in .exception_fixups.
extern "C" bool aarch64_probe_read(volatile uint64_t* address, uint64_t* out);
extern "C" bool aarch64_probe_write(volatile uint64_t* address, uint64_t value);
extern "C" bool aarch64_probe_execute(uintptr_t code);

namespace mica::arch {

struct Cpu {
    static constexpr StringView kName = "aarch64";
    // x29 points at the {previous x29, x30} pair (AAPCS64 frame record).
    static constexpr intptr_t kFrameRecordOffset = 0;

    static uintptr_t current_frame_pointer() {
        return reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
    }

    [[noreturn]] static void halt_forever() {
        asm volatile("msr daifset, #0xf" ::: "memory");
        for (;;)
            asm volatile("wfi");
    }

    static void wait_for_interrupt() { asm volatile("wfi" ::: "memory"); }

    // YIELD: a hint to SMT cores and simulators that this is a spin loop.
    static void relax() { asm volatile("yield" ::: "memory"); }

    // BRK reports EC 0x3c with ELR at the brk itself; UDF #0 is permanently undefined (EC 0x00).
    [[gnu::always_inline]] static void breakpoint() { asm volatile("brk #0" ::: "memory"); }
    [[gnu::always_inline]] static void illegal_instruction() {
        asm volatile("udf #0" ::: "memory");
    }

    // A64 instructions are all 4 bytes; ESR.IL says 2 only for 16-bit T32 (AArch32 user code).
    static void skip_faulting_instruction(TrapFrame& frame) {
        constexpr uint64_t kInstructionLength32 = 1ull << 25;
        frame.elr += (frame.esr & kInstructionLength32) ? 4 : 2;
    }

    static void dump_registers(const TrapFrame& frame);

    // Memory probes for tests of page protections: false when the access faulted.
    static bool probe_read(volatile uint64_t* address, uint64_t& out) {
        return aarch64_probe_read(address, &out);
    }
    static bool probe_write(volatile uint64_t* address, uint64_t value) {
        return aarch64_probe_write(address, value);
    }
    static bool probe_execute(uintptr_t code) { return aarch64_probe_execute(code); }

    // RET (to x30), little-endian.
    static Span<const uint8_t> return_instruction() {
        static constexpr uint8_t kRet[] = {0xc0, 0x03, 0x5f, 0xd6};
        return kRet;
    }
    // Code written through another mapping (the direct map) reaches the instruction side only
    // through the point of unification: clean the data cache there, then drop stale
    // instructions for the address the code will run at (cpu/instruction_cache.cpp).
    static void sync_instruction_cache(uintptr_t code, uint64_t size);
};

} // namespace mica::arch
