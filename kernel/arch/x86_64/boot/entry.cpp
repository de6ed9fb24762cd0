// The first C++ code: entry32.S calls x86_64_main() on the boot stack, in the higher half, with
// the multiboot2 information structure's physical address.

#include "../traps/descriptors.h"
#include "bios_rsdp.h"

#include <arch/mmu.h>
#include <arch/registers.h>
#include <arch/smp.h>
#include <arch/user_mode.h>
#include <boot/multiboot2/multiboot2_boot.h>
#include <core/kernel_main.h>
#include <lib/format.h>

// Image bounds, from linker.ld.
extern "C" const char __kernel_start[];
extern "C" const char __kernel_end[];

namespace mica::arch {

namespace {

BootInfo g_boot_info;
char g_loader_error[96];

uint32_t boot_apic_id() {
    // CPUID leaf 0xb, EDX: the full 32-bit x2APIC id, where the CPU has that leaf; else leaf 1,
    // EBX[31:24]: the 8-bit initial APIC id. Either is what the MADT lists for this CPU.
    if (cpuid(0).eax >= 0xb && cpuid(0xb).ebx != 0)
        return cpuid(0xb).edx;
    return cpuid(1).ebx >> 24;
}

} // namespace

} // namespace mica::arch

extern "C" [[noreturn]] void x86_64_main(mica::PhysAddr multiboot2_info) {
    using namespace mica;
    using namespace mica::arch;

    install_descriptor_tables();
    EarlyMmu::finish_boot_setup();
    // After the identity map is gone: SMEP/SMAP then guard every user page there will be.
    UserMode::init_this_cpu();

    BootInfo& info = g_boot_info;
    Result<void> filled =
        boot::fill_from_multiboot2(info, multiboot2_info, EarlyMmu::phys_to_virt(multiboot2_info));
    if (filled.is_error()) {
        // No console yet: carry the error to the banner, which kernel_main prints on COM1.
        info.loader =
            format_to_buffer(g_loader_error, sizeof g_loader_error,
                             "multiboot2: information structure unusable ({})", filled.error());
    }
    if (info.acpi_rsdp == 0)
        info.acpi_rsdp = find_bios_rsdp();
    info.kernel_image = PhysRange{.base = EarlyMmu::virt_to_phys(__kernel_start),
                                  .size = uint64_t(__kernel_end - __kernel_start)};
    info.boot_cpu_id = boot_apic_id();
    Smp::reserve_trampoline_page(info);
    kernel_main(info);
}
