// Mmu: the switch from the early tables to the kernel table, and TLB maintenance for it.

#include <arch/aarch64/asm_defs.h>
#include <arch/aarch64/mmu/early_mmu_setup.h>
#include <arch/mmu.h>
#include <core/panic.h>
#include <lib/align.h>
#include <vm/page_table_format.h>

// mmu/switch_table.S, boot/head.S and boot/early_tables.S.
extern "C" void aarch64_switch_kernel_table(mica::PhysAddr root, mica::PhysAddr identity_l0,
                                            mica::PhysAddr replace_phys);
extern "C" char aarch64_replace_ttbr1[];
extern "C" char mmu_switch[];
extern "C" char early_idmap_l0[];

namespace mica::arch {

namespace {

// Beyond this many pages one full flush is cheaper than a TLBI per page.
constexpr uint64_t kMaxPagesInvalidatedOneByOne = 64;

// The operand of TLBI VAAE1IS: VA[55:12] in bits 43:0. Bits 47:44 would be a level hint
// (FEAT_TTL); a kernel address's high bits there would claim "level 3" and spare larger blocks.
constexpr uint64_t tlbi_operand(VirtAddr page) { return (page >> 12) & ((1ull << 44) - 1); }

} // namespace

void Mmu::activate_kernel_table(PhysAddr root) {
    PhysAddr replace = EarlyMmu::virt_to_phys(aarch64_replace_ttbr1);
    PhysAddr identity = EarlyMmu::virt_to_phys(mmu_switch);
    if (align_down(replace, BLOCK_2M_SIZE) != align_down(identity, BLOCK_2M_SIZE))
        panic("aarch64: the TTBR1 switch at {:#x} is outside the identity-mapped block at {:#x}",
              replace, align_down(identity, BLOCK_2M_SIZE));
    aarch64_switch_kernel_table(root, EarlyMmu::virt_to_phys(early_idmap_l0), replace);
    early_mmu::retire();
}

void Mmu::invalidate_tlb(VirtAddr address, uint64_t size) {
    // The table writes must be visible to the walkers before the TLBs forget the old entries.
    asm volatile("dsb ishst" ::: "memory");
    VirtAddr first = align_down(address, kPageSize);
    uint64_t pages = (address - first + size + kPageSize - 1) / kPageSize;
    if (pages > kMaxPagesInvalidatedOneByOne) {
        asm volatile("tlbi vmalle1is" ::: "memory");
    } else {
        for (uint64_t i = 0; i < pages; ++i)
            asm volatile("tlbi vaae1is, %0" ::"r"(tlbi_operand(first + i * kPageSize)) : "memory");
    }
    asm volatile("dsb ish\n isb" ::: "memory");
}

void Mmu::publish_mappings(VirtAddr, uint64_t) { asm volatile("dsb ishst\n isb" ::: "memory"); }

} // namespace mica::arch
