#include <arch/aarch64/power/semihosting.h>
#include <arch/aarch64/trap/esr.h>

extern "C" uint64_t semihosting_call(uint64_t operation, uint64_t parameter);
extern "C" const char semihosting_hlt[];

namespace mica::arch::semihosting {

namespace {
constexpr uint64_t kSysExit = 0x18;
constexpr uint64_t kAdpStoppedApplicationExit = 0x20026;
constexpr uint64_t kUnavailable = ~uint64_t{0};

bool g_unavailable = false;
} // namespace

void exit(uint32_t status) {
    if (g_unavailable)
        return;
    // On AArch64, SYS_EXIT takes a block {reason, subcode}; the subcode becomes the exit status.
    const uint64_t block[2] = {kAdpStoppedApplicationExit, status};
    semihosting_call(kSysExit, reinterpret_cast<uint64_t>(block));
}

bool handle_trap(TrapFrame& frame) {
    if (frame.elr != reinterpret_cast<uint64_t>(semihosting_hlt) ||
        Esr{frame.esr}.exception_class() != ExceptionClass::Unknown)
        return false;
    g_unavailable = true;
    frame.x[0] = kUnavailable;
    frame.elr += 4;
    return true;
}

} // namespace mica::arch::semihosting
