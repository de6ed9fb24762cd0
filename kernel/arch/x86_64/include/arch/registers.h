#pragma once
// Control registers, MSRs and CPUID: the few the early kernel reads or sets, with named bits.

#include <lib/types.h>

namespace mica::arch {

// CR0, CR4 and EFER bits the entry paths and the user-mode setup use (Intel SDM Vol. 3A, 2.5 and
// 2.2.1).
namespace cr0 {
constexpr uint64_t kProtectedMode = 1ull << 0;
constexpr uint64_t kMonitorCoprocessor = 1ull << 1; // MP: wait/fwait honour TS
constexpr uint64_t kEmulation = 1ull << 2;          // EM: x87/SSE instructions trap with #NM/#UD
constexpr uint64_t kTaskSwitched = 1ull << 3;       // TS: the next FP/SIMD instruction traps #NM
constexpr uint64_t kNumericError = 1ull << 5;       // NE: x87 errors raise #MF, not FERR#
constexpr uint64_t kWriteProtect = 1ull << 16;
constexpr uint64_t kPaging = 1ull << 31;
} // namespace cr0

namespace cr4 {
constexpr uint64_t kPae = 1ull << 5;
constexpr uint64_t kPge = 1ull << 7;
constexpr uint64_t kOsFxsr = 1ull << 9;       // fxsave/fxrstor and SSE instructions available
constexpr uint64_t kOsXmmExcept = 1ull << 10; // unmasked SIMD exceptions raise #XM
constexpr uint64_t kSmep = 1ull << 20;        // supervisor mode cannot execute user pages
constexpr uint64_t kSmap = 1ull << 21;        // supervisor mode cannot access user pages (AC off)
} // namespace cr4

// CPUID feature bits the kernel checks (Intel SDM Vol. 2A, CPUID).
namespace cpuid_bits {
constexpr uint32_t kLeaf1EdxPge = 1u << 13;         // leaf 1, EDX: global pages
constexpr uint32_t kLeaf1EdxApic = 1u << 9;         // leaf 1, EDX: a local APIC
constexpr uint32_t kLeaf1EcxX2Apic = 1u << 21;      // leaf 1, ECX: x2APIC mode
constexpr uint32_t kLeaf1EcxTscDeadline = 1u << 24; // leaf 1, ECX: LVT timer TSC-deadline mode
constexpr uint32_t kLeaf80000007EdxInvariantTsc = 1u << 8;
constexpr uint32_t kLeaf1EdxFxsr = 1u << 24;           // leaf 1, EDX: fxsave/fxrstor
constexpr uint32_t kLeaf7EbxSmep = 1u << 7;            // leaf 7 subleaf 0, EBX
constexpr uint32_t kLeaf7EbxSmap = 1u << 20;           // leaf 7 subleaf 0, EBX
constexpr uint32_t kLeaf80000001EdxSyscall = 1u << 11; // syscall/sysret in 64-bit mode
} // namespace cpuid_bits

enum class Msr : uint32_t {
    ApicBase = 0x1b,
    Pat = 0x277,
    TscDeadline = 0x6e0,
    X2ApicFirst = 0x800, // x2APIC register r (xAPIC offset r << 4) is MSR 0x800 + r
    Efer = 0xc000'0080,
    FsBase = 0xc000'0100,
    GsBase = 0xc000'0101,
    KernelGsBase = 0xc000'0102, // swapped with GsBase by swapgs on every entry from user mode
    // The syscall instruction (Intel SDM Vol. 3A, 5.8.8): selectors, entry point, flag mask.
    Star = 0xc000'0081,
    Lstar = 0xc000'0082,
    Cstar = 0xc000'0083, // compatibility-mode entry: unused, there are no 32-bit user segments
    Sfmask = 0xc000'0084,
};

// IA32_STAR: syscall loads CS from kernel_base (SS = +8); sysret to 64-bit mode loads SS from
// user_base + 8 and CS from user_base + 16, both with RPL 3.
struct Star {
    uint16_t kernel_base;
    uint16_t user_base;
    constexpr uint64_t raw() const {
        return uint64_t(kernel_base) << 32 | uint64_t(user_base) << 48;
    }
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

// The other RFLAGS bits the user entry and exit paths care about (Intel SDM Vol. 1, 3.4.3).
namespace rflags {
constexpr uint64_t kCarry = 1ull << 0;
constexpr uint64_t kReservedOne = 1ull << 1; // always reads as 1
constexpr uint64_t kParity = 1ull << 2;
constexpr uint64_t kAuxiliaryCarry = 1ull << 4;
constexpr uint64_t kZero = 1ull << 6;
constexpr uint64_t kSign = 1ull << 7;
constexpr uint64_t kTrap = 1ull << 8;
constexpr uint64_t kInterruptEnable = kRflagsInterruptEnable;
constexpr uint64_t kDirection = 1ull << 10;
constexpr uint64_t kOverflow = 1ull << 11;
constexpr uint64_t kIoPrivilege = 3ull << 12;
constexpr uint64_t kNestedTask = 1ull << 14;
constexpr uint64_t kResume = 1ull << 16;
constexpr uint64_t kAlignmentCheck = 1ull << 18; // also SMAP's "access user pages" switch
constexpr uint64_t kId = 1ull << 21;
} // namespace rflags

namespace efer {
constexpr uint64_t kSyscallEnable = 1ull << 0;
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

inline void write_cr0(uint64_t value) { asm volatile("mov %0, %%cr0" ::"r"(value) : "memory"); }
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
