// What the kernel relies on from the SBI firmware.

#include <arch/sbi.h>
#include <core/ktest.h>

using namespace mica::arch;

KTEST(riscv64_sbi, firmware_implements_what_the_kernel_uses) {
    sbi::SbiResult version =
        sbi::call(sbi::Extension::Base, uint64_t(sbi::BaseFunction::SpecVersion));
    KEXPECT_EQ(version.error, 0);
    KEXPECT(version.value >= (0u << 24 | 2)); // v0.2: the first with extension probing
    KEXPECT(sbi::probe(sbi::Extension::SystemReset));
    KEXPECT(sbi::probe(sbi::Extension::LegacyPutchar));
}

KTEST(riscv64_sbi, unknown_extension_is_reported_not_supported) {
    constexpr int64_t kNotSupported = -2;
    sbi::SbiResult result = sbi::call(sbi::Extension(0x0a0b0c0d), 0);
    KEXPECT_EQ(result.error, kNotSupported);
    KEXPECT(!sbi::probe(sbi::Extension(0x0a0b0c0d)));
}
