// The kernel table as the MMU sees it, checked with address translation instructions (AT
// S1E1R/W), which report the output address and memory attributes in PAR_EL1: the generic
// PageTableFormat's encoding must mean to the hardware what it means to the host tests.

#include <arch/aarch64/asm_defs.h>
#include <arch/aarch64/mmu/early_mmu_setup.h>
#include <arch/mmu.h>
#include <core/image_sections.h>
#include <core/ktest.h>
#include <vm/device_map.h>
#include <vm/kernel_address_space.h>

// boot/early_tables.S
extern "C" char early_kernel_l0[];

using namespace mica;

namespace {

struct AtResult {
    bool fault;
    PhysAddr phys;
    uint8_t attributes; // the MAIR_EL1 byte of the mapping
};

AtResult translate(const volatile void* address, bool write) {
    uint64_t par;
    if (write)
        asm volatile("at s1e1w, %1\n isb\n mrs %0, par_el1" : "=r"(par) : "r"(address));
    else
        asm volatile("at s1e1r, %1\n isb\n mrs %0, par_el1" : "=r"(par) : "r"(address));
    if (par & 1)
        return {true, 0, 0};
    return {false, (par & 0x0000'ffff'ffff'f000) | (uintptr_t(address) & 0xfff),
            uint8_t(par >> 56)};
}

} // namespace

KTEST(aarch64_mmu, device_mappings_are_device_memory) {
    Result<void*> mapped = map_device(0x0900'0018, 4);
    KASSERT(mapped.is_ok());
    KEXPECT_EQ(reinterpret_cast<uintptr_t>(mapped.value()) & 0xfff, 0x18u);
    KEXPECT(reinterpret_cast<uintptr_t>(mapped.value()) >= kDeviceMapBase);
    AtResult t = translate(mapped.value(), false);
    KASSERT(!t.fault);
    KEXPECT_EQ(t.phys, 0x0900'0018u);
    KEXPECT_EQ(t.attributes, uint8_t(MAIR_DEVICE_NGNRE));
}

KTEST(aarch64_mmu, direct_map_reaches_the_image_as_normal_memory) {
    PhysAddr image = arch::early_mmu::image_base();
    AtResult t = translate(arch::EarlyMmu::phys_to_virt(image), true);
    KASSERT(!t.fault);
    KEXPECT_EQ(t.phys, image);
    KEXPECT_EQ(t.attributes, uint8_t(MAIR_NORMAL_WB));
    KEXPECT_EQ(arch::EarlyMmu::virt_to_phys(__text_start), image);
}

KTEST(aarch64_mmu, image_permissions_follow_sections) {
    KEXPECT(!translate(__text_start, false).fault);
    KEXPECT(translate(__text_start, true).fault);
    KEXPECT(!translate(__rodata_start, false).fault);
    KEXPECT(translate(__rodata_start, true).fault);
    KEXPECT(!translate(__data_start, true).fault);
    KEXPECT(!translate(__bss_start, true).fault);
    KEXPECT(translate(__kernel_end - 1, true).fault); // the symbol table
}

KTEST(aarch64_mmu, kernel_table_is_in_ttbr1_with_wxn) {
    uint64_t ttbr0, ttbr1, sctlr, tcr;
    asm volatile("mrs %0, ttbr0_el1" : "=r"(ttbr0));
    asm volatile("mrs %0, ttbr1_el1" : "=r"(ttbr1));
    asm volatile("mrs %0, sctlr_el1" : "=r"(sctlr));
    asm volatile("mrs %0, tcr_el1" : "=r"(tcr));
    // The table that translates the image is the one the generic code built, not the early one.
    KEXPECT((ttbr1 & 0x0000'ffff'ffff'f000) != arch::EarlyMmu::virt_to_phys(early_kernel_l0));
    KEXPECT(sctlr & SCTLR_EL1_WXN);
    // The low half is off until this CPU first activates a user table (or the empty one), and
    // walks a real table in TTBR0 from then on.
    KEXPECT((tcr & TCR_EPD0) || ttbr0 != 0);
    KEXPECT(!(tcr & TCR_EPD1));
}

KTEST(aarch64_mmu, early_tables_are_retired) {
    KEXPECT(kernel_address_space::is_active());
    Result<void*> device = arch::EarlyMmu::map_device(0x0900'0000, 4096);
    KEXPECT(device.is_error() && device.error() == Error::Unsupported);
    KEXPECT(arch::early_mmu::map_direct(0, 4096).is_error());
}
