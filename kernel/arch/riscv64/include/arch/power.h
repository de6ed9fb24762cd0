#pragma once
// Leaving the machine on riscv64. QEMU virt's SiFive test device ("sifive,test0") ends QEMU with
// an exit code of our choosing; the SBI System Reset extension is the fallback (its shutdown has
// no pass/fail: OpenSBI 1.1 reports success for both reasons).

#include <lib/types.h>

namespace mica::arch {

struct Power {
    // Looks for the test device in the DTB and maps it; without one, shutdown() uses SBI only.
    static void init_from_dtb(const void* dtb, size_t max_size);
    [[noreturn]] static void shutdown(bool success);
    // SBI System Reset, cold reboot.
    [[noreturn]] static void reboot();
};

} // namespace mica::arch
