// The MMU after the switch to the kernel table: the boot tables are gone (no low half, no RWX
// image window), the address arithmetic of EarlyMmu still holds, device memory is uncached, and
// the control bits W^X depends on are set.

#include <arch/cpu.h>
#include <arch/mmu.h>
#include <arch/page_table.h>
#include <arch/platform.h>
#include <arch/registers.h>
#include <core/expect_exception.h>
#include <core/image_sections.h>
#include <core/ktest.h>
#include <core/layout.h>
#include <lib/align.h>
#include <vm/device_map.h>
#include <vm/kernel_address_space.h>

// The boot PML4, in .bss (boot/entry32.S).
extern "C" uint64_t x86_64_boot_pml4[512];

using namespace mica;
using namespace mica::arch;

namespace {
uint64_t g_probe = 0x1234'5678'9abc'def0;
constexpr PhysAddr kLocalApic = 0xfee0'0000; // the architectural default
constexpr size_t kApicVersionRegister = 0x30;

// A read that must fault with a not-present page fault at `address`.
bool read_faults_as_not_mapped(uintptr_t address) {
    ExpectException fault(ExceptionKind::PageFault);
    uint64_t value = 0;
    bool faulted = !Cpu::probe_read(reinterpret_cast<volatile uint64_t*>(address), value);
    return faulted && fault.count() == 1 && fault.last().fault_address == address &&
           fault.last().access == AccessKind::Read && !(fault.last().detail & 1); // not present
}
} // namespace

KTEST(x86_64_mmu, the_kernel_table_replaced_the_boot_tables) {
    KEXPECT((read_cr3() & X86_64PageFormat::kAddressMask) !=
            EarlyMmu::virt_to_phys(x86_64_boot_pml4));
    // The boot identity map and the low half in general.
    KEXPECT(read_faults_as_not_mapped(0x10'0000));
    KEXPECT(read_faults_as_not_mapped(0));
    // The boot image window mapped the first 2 GiB RWX; only the image remains.
    KEXPECT(read_faults_as_not_mapped(kKernelImageBase));
    KEXPECT(read_faults_as_not_mapped(align_up(VirtAddr(__kernel_end), kPageSize)));
}

KTEST(x86_64_mmu, direct_map_aliases_the_kernel_image) {
    PhysAddr phys = EarlyMmu::virt_to_phys(&g_probe);
    KEXPECT(phys < (2ull << 30));
    auto* alias = static_cast<volatile uint64_t*>(EarlyMmu::phys_to_virt(phys));
    KEXPECT_EQ(*alias, g_probe);
    *alias = 42;
    KEXPECT_EQ(g_probe, uint64_t{42});
    KEXPECT_EQ(EarlyMmu::virt_to_phys(const_cast<uint64_t*>(alias)), phys);
}

KTEST(x86_64_mmu, device_mapping_reads_the_local_apic) {
    Result<void*> mapped = map_device(kLocalApic + kApicVersionRegister, 4);
    KASSERT(mapped.is_ok());
    auto virt = reinterpret_cast<uintptr_t>(mapped.value());
    KEXPECT_EQ(virt & 0xfff, uintptr_t{kApicVersionRegister});
    Optional<Translation> page = kernel_address_space::query(virt);
    KASSERT(page.has_value());
    KEXPECT_EQ(page->physical, kLocalApic + kApicVersionRegister);
    uint32_t version = *static_cast<volatile uint32_t*>(mapped.value());
    // An integrated APIC reports version 0x1x; absent memory would read as all ones.
    KEXPECT_EQ(version & 0xf0, 0x10u);
}

KTEST(x86_64_mmu, early_device_mappings_are_whole_pages_in_the_window) {
    for (const DeviceMapping& mapping : EarlyMmu::device_mappings()) {
        KEXPECT(mapping.virt % kPageSize == 0 && mapping.phys % kPageSize == 0);
        KEXPECT(mapping.size > 0 && mapping.size % kPageSize == 0);
        KEXPECT(mapping.virt >= kDeviceMapBase &&
                mapping.virt + mapping.size <= kDeviceMapBase + EarlyMmu::kDeviceWindowSize);
    }
}

KTEST(x86_64_mmu, paging_control_bits_are_on) {
    uint64_t efer = read_msr(Msr::Efer);
    KEXPECT(efer & efer::kLongModeActive);
    KEXPECT(efer & efer::kNoExecuteEnable);
    KEXPECT(read_cr0() & cr0::kWriteProtect);
    if (cpuid(1).edx & cpuid_bits::kLeaf1EdxPge)
        KEXPECT(read_cr4() & cr4::kPge);
}

KTEST(x86_64_platform, com1_is_the_legacy_console) {
    KEXPECT(Platform::legacy_console() != nullptr);
}
