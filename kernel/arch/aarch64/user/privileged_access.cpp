// PAN on each CPU that has it, and UserAccess::enforced() (user/privileged_access.h).

#include <arch/aarch64/asm_defs.h>
#include <arch/aarch64/user/privileged_access.h>
#include <arch/user_access.h>
#include <lib/types.h>

namespace mica::arch {

namespace {

// ID_AA64MMFR1_EL1.PAN, bits 23:20: 0 = no FEAT_PAN; 1, 2, 3 = PAN and its later extensions.
constexpr unsigned kIdPanShift = 20;
constexpr uint64_t kIdPanMask = 0xf;
// The PAN special register (S3_0_C4_C2_3, Armv8.1) holds PSTATE.PAN in bit 22. Named by
// encoding: the kernel is assembled for Armv8.0, which does not know the name.
constexpr uint64_t kPstatePan = 1ull << 22;
// SCTLR_EL1.SPAN, bit 23 (RES1 without FEAT_PAN): 0 = exceptions to EL1 set PSTATE.PAN.
constexpr uint64_t kSctlrSpan = 1ull << 23;

bool cpu_has_pan() {
    uint64_t features;
    asm volatile("mrs %0, id_aa64mmfr1_el1" : "=r"(features));
    return ((features >> kIdPanShift) & kIdPanMask) != 0;
}

} // namespace

void enable_privileged_access_never() {
    if (!cpu_has_pan())
        return;
    uint64_t sctlr;
    asm volatile("mrs %0, sctlr_el1" : "=r"(sctlr));
    asm volatile("msr sctlr_el1, %0\n isb" ::"r"(sctlr & ~kSctlrSpan) : "memory");
    asm volatile("msr S3_0_C4_C2_3, %0\n isb" ::"r"(kPstatePan) : "memory");
}

bool UserAccess::enforced() {
    if (!cpu_has_pan())
        return false;
    uint64_t pan;
    asm volatile("mrs %0, S3_0_C4_C2_3" : "=r"(pan));
    return pan & kPstatePan;
}

} // namespace mica::arch
