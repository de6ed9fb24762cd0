#pragma once
// Supervisor CSRs as typed values: each register the backend reads or writes has a struct with
// named fields (RISC-V Privileged Architecture, chapter "Supervisor-Level ISA"), and csr_read /
// csr_write move them in and out of the hardware register.

#include <lib/types.h>

namespace mica::arch {

// sstatus: the fields the kernel looks at. The kernel is built without floating point or vector
// code and runs with FS and VS Off, so any such instruction there traps as illegal; FS is on only
// in user mode (the user frame's sstatus) and inside FpuState's save and restore.
struct Sstatus {
    uint64_t reserved0 : 1;
    uint64_t sie : 1; // interrupts enabled in S-mode
    uint64_t reserved2 : 3;
    uint64_t spie : 1; // SIE before the trap
    uint64_t ube : 1;
    uint64_t reserved7 : 1;
    uint64_t spp : 1; // privilege before the trap: 0 user, 1 supervisor
    uint64_t vs : 2;
    uint64_t reserved11 : 2;
    uint64_t fs : 2; // 0 Off, 1 Initial, 2 Clean, 3 Dirty
    uint64_t xs : 2;
    uint64_t reserved17 : 1;
    uint64_t sum : 1; // S-mode may touch user pages; kept 0 outside explicit user copies
    uint64_t mxr : 1;
    uint64_t reserved20 : 12;
    uint64_t uxl : 2;
    uint64_t reserved34 : 29;
    uint64_t sd : 1;
};
static_assert(sizeof(Sstatus) == 8);

// sstatus.FS: the state of the FP registers. Off makes every FP instruction illegal; any other
// value allows them (hardware moves it to Dirty on a write).
enum class FloatState : uint64_t { Off = 0, Initial = 1, Clean = 2, Dirty = 3 };

// sstatus.UXL: user mode runs with 64-bit registers (QEMU hardwires it; written for clarity).
constexpr uint64_t kUxl64 = 2;

// Single sstatus bits and fields as masks, for csrs/csrc and for the assembly.
constexpr uint64_t kSstatusSum = 1ull << 18;
constexpr uint64_t kSstatusFs = 3ull << 13;

struct Scause {
    uint64_t code : 63;
    uint64_t interrupt : 1;
};
static_assert(sizeof(Scause) == 8);

enum class SatpMode : uint64_t { Bare = 0, Sv39 = 8, Sv48 = 9, Sv57 = 10 };

struct Satp {
    uint64_t ppn : 44; // physical page number of the root page table
    uint64_t asid : 16;
    SatpMode mode : 4;
};
static_assert(sizeof(Satp) == 8);

template <typename T>
constexpr T from_raw(uint64_t raw) {
    return __builtin_bit_cast(T, raw);
}
template <typename T>
constexpr uint64_t to_raw(const T& value) {
    return __builtin_bit_cast(uint64_t, value);
}

// The CSR number is an immediate of the instruction, so each register gets its own accessor.
inline uint64_t read_sstatus() {
    uint64_t value;
    asm volatile("csrr %0, sstatus" : "=r"(value));
    return value;
}

inline void set_sstatus_bits(uint64_t bits) {
    asm volatile("csrs sstatus, %0" ::"r"(bits) : "memory");
}
inline void clear_sstatus_bits(uint64_t bits) {
    asm volatile("csrc sstatus, %0" ::"r"(bits) : "memory");
}

inline uint64_t read_satp() {
    uint64_t value;
    asm volatile("csrr %0, satp" : "=r"(value));
    return value;
}

inline void write_satp(Satp satp) { asm volatile("csrw satp, %0" ::"r"(to_raw(satp)) : "memory"); }

// sie / sip: the three supervisor interrupt sources, one bit each in both registers.
struct InterruptBits {
    static constexpr uint64_t kSoftware = 1ull << 1; // SSIE / SSIP: IPIs (SBI IPI extension)
    static constexpr uint64_t kTimer = 1ull << 5;    // STIE / STIP: stimecmp or SBI set_timer
    static constexpr uint64_t kExternal = 1ull << 9; // SEIE / SEIP: the PLIC's S-mode context
};

constexpr uint64_t kSstatusSie = 1ull << 1; // for csrsi/csrci, which take a 5-bit immediate

inline void set_sie_bits(uint64_t bits) { asm volatile("csrs sie, %0" ::"r"(bits) : "memory"); }
inline void clear_sie_bits(uint64_t bits) { asm volatile("csrc sie, %0" ::"r"(bits) : "memory"); }
inline uint64_t read_sie() {
    uint64_t value;
    asm volatile("csrr %0, sie" : "=r"(value));
    return value;
}
inline uint64_t read_sip() {
    uint64_t value;
    asm volatile("csrr %0, sip" : "=r"(value));
    return value;
}
// Only SSIP is writable from S-mode; STIP and SEIP follow the timer and the PLIC.
inline void clear_sip_bits(uint64_t bits) { asm volatile("csrc sip, %0" ::"r"(bits) : "memory"); }

// The `time` counter (shared by all harts, timebase-frequency ticks per second). Volatile: two
// reads must not be merged.
inline uint64_t read_time() {
    uint64_t value;
    asm volatile("rdtime %0" : "=r"(value));
    return value;
}

// stimecmp (Sstc, CSR 0x14d): STIP is pending while time >= stimecmp. clang-16 does not know
// the name, hence the number. Only valid once Timer found Sstc usable.
inline void write_stimecmp(uint64_t value) {
    asm volatile("csrw 0x14d, %0" ::"r"(value) : "memory");
}

inline uint64_t read_stvec() {
    uint64_t value;
    asm volatile("csrr %0, stvec" : "=r"(value));
    return value;
}

} // namespace mica::arch
