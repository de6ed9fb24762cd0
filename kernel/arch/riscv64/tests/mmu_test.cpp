// The early Sv39 tables from entry.S and EarlyMmu's view of them.

#include <arch/csr.h>
#include <arch/mmu.h>
#include <core/ktest.h>

using namespace mica;
using namespace mica::arch;

extern "C" PageTable riscv64_early_root_table;
extern "C" char __kernel_start[];

namespace {
constinit volatile uint64_t g_probe = 0x6d69'6361'7276'3634; // "micarv64"
}

KTEST(riscv64_mmu, satp_is_sv39_on_the_early_root) {
    Satp satp = from_raw<Satp>(read_satp());
    KEXPECT(satp.mode == SatpMode::Sv39);
    KEXPECT_EQ(uint64_t(satp.ppn) << kPageShift, EarlyMmu::virt_to_phys(&riscv64_early_root_table));
}

KTEST(riscv64_mmu, image_and_direct_map_agree) {
    KEXPECT_EQ(EarlyMmu::virt_to_phys(__kernel_start), EarlyMmu::kernel_phys_base());
    KEXPECT_EQ(EarlyMmu::kernel_phys_base() % (2u << 20), 0u);
    PhysAddr phys = EarlyMmu::virt_to_phys(const_cast<uint64_t*>(&g_probe));
    auto* alias = static_cast<volatile uint64_t*>(EarlyMmu::phys_to_virt(phys));
    KEXPECT_EQ(*alias, g_probe);
    KEXPECT_EQ(EarlyMmu::virt_to_phys(const_cast<uint64_t*>(alias)), phys);
}

KTEST(riscv64_mmu, direct_map_entries_are_global_gigapages_without_execute) {
    const Pte& first = riscv64_early_root_table.entries[vpn(kDirectMapBase, 2)];
    KEXPECT(first.valid && first.is_leaf() && first.global);
    KEXPECT(!first.execute && !first.user);
    KEXPECT_EQ(uint64_t(first.ppn), 0u);
    const Pte& last =
        riscv64_early_root_table.entries[vpn(kDirectMapBase + kDirectMapMaxSize - 1, 2)];
    KEXPECT_EQ(uint64_t(last.ppn) << kPageShift, kDirectMapMaxSize - (1ull << 30));
}

KTEST(riscv64_mmu, map_device_reaches_the_right_physical_page) {
    // Map the page holding g_probe as if it were a device, and read the probe through it.
    PhysAddr phys = EarlyMmu::virt_to_phys(const_cast<uint64_t*>(&g_probe));
    Result<void*> mapped = EarlyMmu::map_device(phys, sizeof(uint64_t));
    KASSERT(mapped.is_ok());
    auto address = reinterpret_cast<VirtAddr>(mapped.value());
    KEXPECT(address >= kDeviceMapBase && address < kKernelImageBase);
    KEXPECT_EQ(address % kPageSize, phys % kPageSize);
    KEXPECT_EQ(*static_cast<volatile uint64_t*>(mapped.value()), g_probe);

    Result<void*> again = EarlyMmu::map_device(phys, sizeof(uint64_t));
    KASSERT(again.is_ok());
    KEXPECT(again.value() != mapped.value());
}

KTEST(riscv64_mmu, map_device_rejects_bad_requests) {
    KEXPECT(EarlyMmu::map_device(0x10000000, 0).error() == Error::InvalidArgument);
    KEXPECT(EarlyMmu::map_device(0x10000000, 1ull << 40).error() == Error::NoMemory);
    KEXPECT(EarlyMmu::map_device(~uint64_t{0} - 8, 64).error() == Error::NoMemory);
}
