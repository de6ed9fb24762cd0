// Power::shutdown on riscv64. The SiFive test device (QEMU virt: compatible "sifive,test1",
// "sifive,test0") ends QEMU with the exit status we write, which is what the test runner needs;
// SBI SRST powers off anywhere but cannot report failure through QEMU's exit status.

#include <arch/cpu.h>
#include <arch/mmu.h>
#include <arch/power.h>
#include <arch/sbi.h>
#include <core/console.h>
#include <lib/fdt.h>

namespace mica::arch {

namespace {

// The test device's one register (QEMU hw/misc/sifive_test.c): the low 16 bits select the
// action, the high 16 bits carry the exit code for a failure.
struct TestDeviceCommand {
    static constexpr uint32_t kPass = 0x5555; // QEMU exits with status 0
    static constexpr uint32_t kFail = 0x3333; // QEMU exits with status (value >> 16)
    static uint32_t fail(uint16_t exit_code) { return uint32_t(exit_code) << 16 | kFail; }
};

volatile uint32_t* g_test_device = nullptr;

Result<volatile uint32_t*> find_test_device(const void* dtb, size_t max_size) {
    Fdt fdt = TRY(Fdt::parse(dtb, max_size));
    Optional<FdtNode> node = fdt.find_compatible("sifive,test0");
    if (!node)
        node = fdt.find_compatible("sifive,test1");
    if (!node || !node->is_enabled())
        return Error::NotFound;
    FdtRegList regs = TRY(node->reg());
    if (regs.count() == 0)
        return Error::Malformed;
    uint64_t phys = TRY(node->translate_address(regs[0].address));
    void* mapped = TRY(EarlyMmu::map_device(phys, sizeof(uint32_t)));
    return static_cast<volatile uint32_t*>(mapped);
}

} // namespace

void Power::init_from_dtb(const void* dtb, size_t max_size) {
    Result<volatile uint32_t*> device = find_test_device(dtb, max_size);
    g_test_device = device.is_ok() ? device.value() : nullptr;
}

void Power::shutdown(bool success) {
    if (g_test_device)
        *g_test_device = success ? TestDeviceCommand::kPass : TestDeviceCommand::fail(1);
    sbi::call(sbi::Extension::SystemReset, sbi::kSystemResetFunction,
              uint64_t(sbi::ResetType::Shutdown),
              uint64_t(success ? sbi::ResetReason::None : sbi::ResetReason::SystemFailure));
    // SBI v0.1 firmware has only the legacy call.
    sbi::legacy_call(sbi::Extension::LegacyShutdown);
    Cpu::halt_forever();
}

void Power::reboot() {
    sbi::call(sbi::Extension::SystemReset, sbi::kSystemResetFunction,
              uint64_t(sbi::ResetType::ColdReboot), uint64_t(sbi::ResetReason::None));
    println("reboot failed: the firmware has no SBI System Reset extension; halting");
    Cpu::halt_forever();
}

} // namespace mica::arch
