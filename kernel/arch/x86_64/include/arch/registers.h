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
constexpr uint32_t kLeaf1EdxPge = 1u << 13; // leaf 1, EDX: global pages
} // namespace cpuid_bits

enum class Msr : uint32_t {
    Efer = 0xc000'0080,
    Pat = 0x277,
};

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
    asm volatile("wrmsr" ::"c"(uint32_t(msr)), "a"(uint32_t(value)), "d"(uint32_t(value >> 32)));
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
