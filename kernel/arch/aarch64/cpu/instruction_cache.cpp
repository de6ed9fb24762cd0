// Making freshly written code executable. The data and instruction caches need not be coherent
// on aarch64: stores sit in the data cache, so they are cleaned to the point of unification,
// where instruction fetches see them, and any stale copy in the instruction cache is dropped
// for the address the code will run at. CTR_EL0 gives the line sizes and says when a CPU makes
// either step unnecessary (IDC, DIC).

#include <arch/cpu.h>
#include <lib/align.h>

namespace mica::arch {

namespace {

struct CacheType {
    uint64_t raw;

    uint64_t instruction_line() const { return 4ull << (raw & 0xf); }          // IminLine
    uint64_t data_line() const { return 4ull << ((raw >> 16) & 0xf); }         // DminLine
    bool clean_to_pou_not_needed() const { return (raw >> 28) & 1; }           // IDC
    bool instruction_invalidate_not_needed() const { return (raw >> 29) & 1; } // DIC

    static CacheType read() {
        uint64_t raw;
        asm volatile("mrs %0, ctr_el0" : "=r"(raw));
        return {raw};
    }
};

} // namespace

void Cpu::sync_instruction_cache(uintptr_t code, uint64_t size) {
    if (size == 0)
        return;
    CacheType cache = CacheType::read();
    uintptr_t end = code + size;
    if (!cache.clean_to_pou_not_needed()) {
        for (uintptr_t line = align_down(code, cache.data_line()); line < end;
             line += cache.data_line())
            asm volatile("dc cvau, %0" ::"r"(line) : "memory");
    }
    asm volatile("dsb ish" ::: "memory");
    if (!cache.instruction_invalidate_not_needed()) {
        for (uintptr_t line = align_down(code, cache.instruction_line()); line < end;
             line += cache.instruction_line())
            asm volatile("ic ivau, %0" ::"r"(line) : "memory");
        asm volatile("dsb ish" ::: "memory");
    }
    // This CPU's pipeline may hold instructions fetched before: refetch.
    asm volatile("isb" ::: "memory");
}

} // namespace mica::arch
