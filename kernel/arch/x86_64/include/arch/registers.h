#pragma once
// Control registers, MSRs and CPUID: the few the early kernel reads or sets, with named bits.

#include <lib/types.h>

namespace mica::arch {

// CR0, CR4 and EFER bits used by the entry path (Intel SDM Vol. 3A, 2.5 and 2.2.1).
namespace cr0 {
constexpr uint64_t kProtectedMode = 1ull << 0;
constexpr uint64_t kWriteProtect = 1ull << 16;
constexpr uint64_t kPaging = 1ull << 31;
} // namespace cr0

namespace cr4 {
constexpr uint64_t kPae = 1ull << 5;
constexpr uint64_t kPge = 1ull << 7;
} // namespace cr4

// CPUID feature bits the kernel checks (Intel SDM Vol. 2A, CPUID).
namespace cpuid_bits {
constexpr uint32_t kLeaf1EdxPge = 1u << 13;         // leaf 1, EDX: global pages
constexpr uint32_t kLeaf1EdxApic = 1u << 9;         // leaf 1, EDX: a local APIC
constexpr uint32_t kLeaf1EcxX2Apic = 1u << 21;      // leaf 1, ECX: x2APIC mode
constexpr uint32_t kLeaf1EcxTscDeadline = 1u << 24; // leaf 1, ECX: LVT timer TSC-deadline mode
constexpr uint32_t kLeaf80000007EdxInvariantTsc = 1u << 8;
} // namespace cpuid_bits

enum class Msr : uint32_t {
    ApicBase = 0x1b,
    Pat = 0x277,
    TscDeadline = 0x6e0,
    X2ApicFirst = 0x800, // x2APIC register r (xAPIC offset r << 4) is MSR 0x800 + r
    Efer = 0xc000'0080,
    FsBase = 0xc000'0100,
    GsBase = 0xc000'0101,
    KernelGsBase = 0xc000'0102, // swapped with GsBase by swapgs (user entry, later)
};

// IA32_APIC_BASE (Intel SDM Vol. 3A, 11.4.4).
namespace apic_base {
constexpr uint64_t kBootstrapProcessor = 1ull << 8;
constexpr uint64_t kX2ApicEnable = 1ull << 10;
constexpr uint64_t kGlobalEnable = 1ull << 11;
constexpr uint64_t kAddressMask = 0x000f'ffff'ffff'f000;
} // namespace apic_base

// Default PAT layout (Intel SDM Vol. 3A, 13.12.4), written explicitly on every CPU because
// firmware may have changed it: entry 0 WB, 1 WT, 2 UC-, 3 UC, repeated. PCD|PWT (index 3) is then
// strong UC, which the page-table format uses for device memory.
constexpr uint64_t kPatDefault = 0x0007'0406'0007'0406;

// RFLAGS.IF: maskable interrupts enabled.
constexpr uint64_t kRflagsInterruptEnable = 1ull << 9;

namespace efer {
constexpr uint64_t kLongModeEnable = 1ull << 8;
constexpr uint64_t kLongModeActive = 1ull << 10;
constexpr uint64_t kNoExecuteEnable = 1ull << 11;
} // namespace efer

inline uint64_t read_msr(Msr msr) {
    uint32_t low, high;
    asm volatile("rdmsr" : "=a"(low), "=d"(high) : "c"(uint32_t(msr)));
    return uint64_t(high) << 32 | low;
}

inline void write_msr(Msr msr, uint64_t value) {
    asm volatile("wrmsr" ::"c"(uint32_t(msr)), "a"(uint32_t(value)), "d"(uint32_t(value >> 32))
                 : "memory");
}

inline uint64_t read_msr(uint32_t msr) { return read_msr(Msr(msr)); }
inline void write_msr(uint32_t msr, uint64_t value) { write_msr(Msr(msr), value); }

// The time-stamp counter. Not ordered against surrounding loads; good enough for a clock whose
// readers only compare and subtract.
inline uint64_t read_tsc() {
    uint32_t low, high;
    asm volatile("rdtsc" : "=a"(low), "=d"(high));
    return uint64_t(high) << 32 | low;
}

inline uint64_t read_rflags() {
    uint64_t flags;
    asm volatile("pushfq; popq %0" : "=r"(flags));
    return flags;
}

#define MICA_X86_READ_CR(n)                                                                        \
    inline uint64_t read_cr##n() {                                                                 \
        uint64_t value;                                                                            \
        asm volatile("mov %%cr" #n ", %0" : "=r"(value));                                          \
        return value;                                                                              \
    }
MICA_X86_READ_CR(0)
MICA_X86_READ_CR(2)
MICA_X86_READ_CR(3)
MICA_X86_READ_CR(4)
#undef MICA_X86_READ_CR

inline void write_cr3(uint64_t value) { asm volatile("mov %0, %%cr3" ::"r"(value) : "memory"); }
inline void write_cr4(uint64_t value) { asm volatile("mov %0, %%cr4" ::"r"(value) : "memory"); }

struct CpuidResult {
    uint32_t eax, ebx, ecx, edx;
};

inline CpuidResult cpuid(uint32_t leaf, uint32_t subleaf = 0) {
    CpuidResult r;
    asm volatile("cpuid"
                 : "=a"(r.eax), "=b"(r.ebx), "=c"(r.ecx), "=d"(r.edx)
                 : "a"(leaf), "c"(subleaf));
    return r;
}

} // namespace mica::arch
