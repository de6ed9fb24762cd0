// The early page tables as the MMU sees them, checked with address translation instructions
// (AT S1E1R/W), which report the output address and memory attributes in PAR_EL1.

#include <arch/aarch64/asm_defs.h>
#include <arch/aarch64/mmu/early_mmu_setup.h>
#include <arch/mmu.h>
#include <core/ktest.h>

using namespace mica;

extern "C" char __text_start[];
extern "C" char __data_start[];

namespace {

struct Translation {
    bool fault;
    PhysAddr phys;
    uint8_t attributes; // the MAIR_EL1 byte of the mapping
};

Translation translate(const volatile void* address, bool write) {
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
    Result<void*> mapped = arch::EarlyMmu::map_device(0x0900'0018, 4);
    KASSERT(mapped.is_ok());
    KEXPECT_EQ(reinterpret_cast<uintptr_t>(mapped.value()) & 0xfff, 0x18u);
    KEXPECT(reinterpret_cast<uintptr_t>(mapped.value()) >= kDeviceMapBase);
    Translation t = translate(mapped.value(), false);
    KASSERT(!t.fault);
    KEXPECT_EQ(t.phys, 0x0900'0018u);
    KEXPECT_EQ(t.attributes, uint8_t(MAIR_DEVICE_NGNRE));
}

KTEST(aarch64_mmu, direct_map_reaches_the_image_as_normal_memory) {
    PhysAddr image = arch::early_mmu::image_base();
    Translation t = translate(arch::EarlyMmu::phys_to_virt(image), true);
    KASSERT(!t.fault);
    KEXPECT_EQ(t.phys, image);
    KEXPECT_EQ(t.attributes, uint8_t(MAIR_NORMAL_WB));
    KEXPECT_EQ(arch::EarlyMmu::virt_to_phys(__text_start), image);
}

KTEST(aarch64_mmu, image_permissions_follow_sections) {
    KEXPECT(!translate(__text_start, false).fault);
    KEXPECT(translate(__text_start, true).fault);
    KEXPECT(!translate(__data_start, true).fault);
}

KTEST(aarch64_mmu, direct_map_rejects_addresses_beyond_its_reach) {
    KEXPECT(arch::early_mmu::map_direct(kDirectMapMaxSize, 4096).is_error());
}
