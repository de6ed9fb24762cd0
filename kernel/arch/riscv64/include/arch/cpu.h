#pragma once
// CPU control for riscv64 (S-mode under SBI firmware).

#include <arch/trap_frame.h>
#include <lib/span.h>
#include <lib/string_view.h>
#include <lib/types.h>

// probes.S: each returns 1, or 0 when the access faulted (through .exception_fixups, or
// mica_execute_probe_landing for the call).
extern "C" bool riscv64_probe_read(volatile uint64_t* address, uint64_t* out);
extern "C" bool riscv64_probe_write(volatile uint64_t* address, uint64_t value);
extern "C" bool riscv64_probe_execute(uintptr_t code);

namespace mica::arch {

// `ret` (jalr zero, 0(ra)) in its 32-bit form, little endian: it runs whether or not the hart
// has the C extension.
inline constexpr uint8_t kReturnInstruction[] = {0x67, 0x80, 0x00, 0x00};

struct Cpu {
    static constexpr StringView kName = "riscv64";
    // With frame pointers, s0 points just above the saved pair: ra at s0-8, previous s0 at s0-16.
    static constexpr intptr_t kFrameRecordOffset = -16;

    [[gnu::always_inline]] static uintptr_t current_frame_pointer() {
        return reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
    }

    [[noreturn]] static void halt_forever();

    static void wait_for_interrupt() { asm volatile("wfi" ::: "memory"); }

    // Zihintpause `pause` (a FENCE with pred = W, succ = 0: an ordinary no-op fence on harts
    // without the extension). clang-16 does not know the mnemonic for rv64imac, hence the word.
    static void relax() { asm volatile(".4byte 0x0100000f" ::: "memory"); }

    // With the C extension the assembler picks c.ebreak (2 bytes); skip_faulting_instruction
    // reads the length from the instruction itself, so either encoding resumes correctly.
    [[gnu::always_inline]] static void breakpoint() { asm volatile("ebreak" ::: "memory"); }

    // `unimp` is c.unimp, the 16-bit all-zeros encoding, which the ISA reserves as illegal
    // forever (without RVC it is the 32-bit `csrrw zero, cycle, zero`, a write to a read-only
    // CSR, also illegal). Either way the length comes from the instruction.
    [[gnu::always_inline]] static void illegal_instruction() { asm volatile("unimp" ::: "memory"); }

    // Steps sepc over the trapping instruction: 4 bytes when its low two bits are 0b11, else a
    // 2-byte compressed instruction. Panics after instruction-fetch faults, where there is no
    // instruction to step over.
    static void skip_faulting_instruction(TrapFrame& frame);

    static void dump_registers(const TrapFrame& frame);

    // Memory probes for tests of page protections (kernel/arch/contract/contract.h).
    static bool probe_read(volatile uint64_t* address, uint64_t& out) {
        return riscv64_probe_read(address, &out);
    }
    static bool probe_write(volatile uint64_t* address, uint64_t value) {
        return riscv64_probe_write(address, value);
    }
    static bool probe_execute(uintptr_t code) { return riscv64_probe_execute(code); }
    static Span<const uint8_t> return_instruction() { return kReturnInstruction; }
    // Instruction fetches need not see earlier stores until a fence.i, on this hart only (other
    // harts will need an SBI remote fence.i once they run code written here).
    static void sync_instruction_cache(uintptr_t, uint64_t) {
        asm volatile("fence.i" ::: "memory");
    }
};

// The length in bytes of the instruction whose first (lowest) 16-bit parcel is `parcel`. The
// spec's reserved encodings for 48-bit and longer instructions are not used by any extension
// the kernel runs on, so only 16- and 32-bit lengths exist here.
constexpr unsigned instruction_length(uint16_t parcel) { return (parcel & 0b11) == 0b11 ? 4 : 2; }

} // namespace mica::arch
