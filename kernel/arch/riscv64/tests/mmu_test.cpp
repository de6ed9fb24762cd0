// The Sv39 tables on the real hart once the kernel table is active: satp, the entry bits the
// generic format writes (walked here independently of kernel/vm), and what is left of EarlyMmu.

#include <arch/csr.h>
#include <arch/mmu.h>
#include <core/image_sections.h>
#include <core/kernel_main.h>
#include <core/ktest.h>
#include <core/layout.h>
#include <lib/optional.h>

using namespace mica;
using namespace mica::arch;

extern "C" PageTable riscv64_early_root_table;

namespace {

constinit volatile uint64_t g_probe = 0x6d69'6361'7276'3634; // "micarv64"

// The leaf mapping `address` in the table satp points at, by hand.
Optional<Pte> hardware_leaf(VirtAddr address) {
    PhysAddr table = PhysAddr(from_raw<Satp>(read_satp()).ppn) << kPageShift;
    for (unsigned level = 2;; --level) {
        auto* entries = static_cast<const PageTable*>(EarlyMmu::phys_to_virt(table))->entries;
        Pte entry = entries[level_index(address, level)];
        if (!entry.valid)
            return {};
        if (entry.is_leaf())
            return entry;
        // A pointer to the next level carries no A, D, U or G (the spec reserves them).
        if (level == 0 || entry.accessed || entry.dirty || entry.user || entry.global)
            return {};
        table = PhysAddr(entry.ppn) << kPageShift;
    }
}

} // namespace

KTEST(riscv64_mmu, satp_is_sv39_on_the_kernel_table) {
    Satp satp = from_raw<Satp>(read_satp());
    KEXPECT(satp.mode == SatpMode::Sv39);
    KEXPECT_EQ(uint64_t(satp.asid), 0u);
    KEXPECT(uint64_t(satp.ppn) << kPageShift != EarlyMmu::virt_to_phys(&riscv64_early_root_table));
    KEXPECT(!EarlyMmu::early_tables_active());
}

KTEST(riscv64_mmu, image_and_direct_map_agree) {
    KEXPECT_EQ(EarlyMmu::virt_to_phys(__kernel_start), EarlyMmu::kernel_phys_base());
    KEXPECT_EQ(EarlyMmu::kernel_phys_base() % (2u << 20), 0u);
    PhysAddr phys = EarlyMmu::virt_to_phys(const_cast<uint64_t*>(&g_probe));
    auto* alias = static_cast<volatile uint64_t*>(EarlyMmu::phys_to_virt(phys));
    KEXPECT_EQ(*alias, g_probe);
    KEXPECT_EQ(EarlyMmu::virt_to_phys(const_cast<uint64_t*>(alias)), phys);
}

KTEST(riscv64_mmu, leaves_preset_accessed_and_dirty) {
    // Hardware that does not set A and D itself faults on a leaf without them, so every kernel
    // leaf carries A, and D exactly when writable; all are global, none user.
    const VirtAddr addresses[] = {
        reinterpret_cast<VirtAddr>(&kernel_main),
        reinterpret_cast<VirtAddr>(&g_probe),
        reinterpret_cast<VirtAddr>(__rodata_start),
        reinterpret_cast<VirtAddr>(EarlyMmu::phys_to_virt(EarlyMmu::kernel_phys_base())),
    };
    for (VirtAddr address : addresses) {
        Optional<Pte> leaf = hardware_leaf(address);
        KASSERT(leaf.has_value());
        KEXPECT(leaf->read && leaf->accessed && leaf->global && !leaf->user);
        KEXPECT_EQ(bool(leaf->dirty), bool(leaf->write));
        KEXPECT(!(leaf->write && leaf->execute));
    }
    KEXPECT(hardware_leaf(reinterpret_cast<VirtAddr>(&kernel_main))->execute);
    KEXPECT(hardware_leaf(reinterpret_cast<VirtAddr>(&g_probe))->write);
}

KTEST(riscv64_mmu, early_device_mappings_are_kept_as_device_pages) {
    // The console and the test device at least were mapped before the switch.
    Span<const DeviceMapping> early = EarlyMmu::device_mappings();
    KEXPECT(early.size() >= 1);
    VirtAddr previous_end = kDeviceMapBase;
    for (const DeviceMapping& mapping : early) {
        KEXPECT(mapping.virt >= previous_end);
        KEXPECT_EQ(mapping.virt % kPageSize, 0u);
        KEXPECT_EQ(mapping.phys % kPageSize, 0u);
        KEXPECT(mapping.size > 0 && mapping.size % kPageSize == 0);
        previous_end = mapping.virt + mapping.size;
        Optional<Pte> leaf = hardware_leaf(mapping.virt);
        KASSERT(leaf.has_value());
        KEXPECT_EQ(uint64_t(leaf->ppn) << kPageShift, mapping.phys);
        KEXPECT(leaf->write && !leaf->execute);
        KEXPECT_EQ(uint64_t(leaf->software), 1u); // Sv39PageFormat's device marking (bit 8)
    }
}

KTEST(riscv64_mmu, early_map_device_is_closed_after_the_switch) {
    // The early tables are no longer walked: a mapping made there would be invisible.
    Result<void*> late = EarlyMmu::map_device(0x10000000, 8);
    KEXPECT(late.is_error() && late.error() == Error::Unsupported);
}
