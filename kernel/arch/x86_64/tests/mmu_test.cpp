// The early MMU: the direct map, the kernel window and uncached device mappings.

#include <arch/mmu.h>
#include <arch/platform.h>
#include <arch/registers.h>
#include <core/ktest.h>

using namespace mica;
using namespace mica::arch;

namespace {
uint64_t g_probe = 0x1234'5678'9abc'def0;
constexpr PhysAddr kLocalApic = 0xfee0'0000; // the architectural default
constexpr size_t kApicVersionRegister = 0x30;
} // namespace

KTEST(x86_64_mmu, direct_map_aliases_the_kernel_image) {
    PhysAddr phys = EarlyMmu::virt_to_phys(&g_probe);
    KEXPECT(phys < (2ull << 30));
    auto* alias = static_cast<volatile uint64_t*>(EarlyMmu::phys_to_virt(phys));
    KEXPECT_EQ(*alias, g_probe);
    *alias = 42;
    KEXPECT_EQ(g_probe, uint64_t{42});
    KEXPECT_EQ(EarlyMmu::virt_to_phys(const_cast<uint64_t*>(alias)), phys);
}

KTEST(x86_64_mmu, direct_map_reaches_high_physical_addresses) {
    // The top of the direct map must translate (not necessarily be RAM) without faulting on
    // the walk; only compute the address here, reading it could hit nothing.
    PhysAddr top = kDirectMapMaxSize - 4096;
    KEXPECT_EQ(EarlyMmu::virt_to_phys(EarlyMmu::phys_to_virt(top)), top);
}

KTEST(x86_64_mmu, map_device_reads_the_local_apic) {
    Result<void*> mapped = EarlyMmu::map_device(kLocalApic, 4096);
    KASSERT(mapped.is_ok());
    auto virt = reinterpret_cast<uintptr_t>(mapped.value());
    KEXPECT(virt >= kDeviceMapBase && virt < kKernelImageBase);
    KEXPECT_EQ(EarlyMmu::virt_to_phys(mapped.value()), kLocalApic);
    uint32_t version = *reinterpret_cast<volatile uint32_t*>(virt + kApicVersionRegister);
    // An integrated APIC reports version 0x1x; absent memory would read as all ones.
    KEXPECT_EQ(version & 0xf0, 0x10u);
}

KTEST(x86_64_mmu, map_device_keeps_the_offset_and_rejects_nonsense) {
    Result<void*> mapped = EarlyMmu::map_device(kLocalApic + 0x20, 8);
    KASSERT(mapped.is_ok());
    KEXPECT_EQ(reinterpret_cast<uintptr_t>(mapped.value()) & 0xfff, uintptr_t{0x20});
    KEXPECT(EarlyMmu::map_device(kLocalApic, 0).is_error());
    KEXPECT(EarlyMmu::map_device(~PhysAddr{0} - 10, 4096).is_error());
    KEXPECT(EarlyMmu::map_device(0, EarlyMmu::kDeviceWindowSize * 2).is_error());
}

KTEST(x86_64_mmu, long_mode_and_no_execute_are_on) {
    uint64_t efer = read_msr(Msr::Efer);
    KEXPECT(efer & efer::kLongModeActive);
    KEXPECT(efer & efer::kNoExecuteEnable);
    KEXPECT(read_cr0() & cr0::kWriteProtect);
}

KTEST(x86_64_platform, com1_is_the_legacy_console) {
    KEXPECT(Platform::legacy_console() != nullptr);
}
