// EarlyMmu over the page tables entry.S built. Only map_device() changes them: it hands out
// virtual space in the device window with a bump pointer and maps 4 KiB pages, taking leaf
// tables from a small static pool. Single CPU, boot time only: no lock until SMP arrives
// (issue 3 replaces this with the real VM system).

#include <arch/mmu.h>
#include <lib/align.h>

// From entry.S and linker.ld.
extern "C" mica::arch::PageTable riscv64_device_table;
extern "C" char __kernel_start[];

namespace mica::arch {

namespace {

// entry.S maps exactly one table's worth of device window (root[384]): 1 GiB.
constexpr uint64_t kDeviceWindowSize = uint64_t(kPteCount) << (kPageShift + kVpnBits);
// Each leaf table maps 2 MiB of the window; a handful covers every device the early kernel uses.
constexpr size_t kDeviceLeafTables = 8;
constexpr uint64_t kLeafSpan = uint64_t(kPteCount) << kPageShift;

PageTable g_device_leaf_tables[kDeviceLeafTables];
size_t g_device_leaf_tables_used = 0;
uint64_t g_device_window_used = 0;
PhysAddr g_kernel_phys_base = 0;

Pte make_pte(PhysAddr phys) {
    Pte pte{};
    pte.valid = 1;
    pte.ppn = phys >> kPageShift;
    return pte;
}

Pte device_leaf(PhysAddr phys) {
    Pte pte = make_pte(phys);
    pte.read = 1;
    pte.write = 1;
    pte.global = 1;
    pte.accessed = 1;
    pte.dirty = 1;
    return pte;
}

PageTable* leaf_table_for(VirtAddr address) {
    Pte& entry = riscv64_device_table.entries[vpn(address, 1)];
    if (entry.valid)
        return static_cast<PageTable*>(EarlyMmu::phys_to_virt(PhysAddr(entry.ppn) << kPageShift));
    // map_device() checked that the pool has a table left.
    PageTable* table = &g_device_leaf_tables[g_device_leaf_tables_used++];
    entry = make_pte(EarlyMmu::virt_to_phys(table));
    return table;
}

} // namespace

void EarlyMmu::init(PhysAddr kernel_phys_base) { g_kernel_phys_base = kernel_phys_base; }

PhysAddr EarlyMmu::kernel_phys_base() { return g_kernel_phys_base; }

PhysAddr EarlyMmu::virt_to_phys(const void* virt) {
    auto address = reinterpret_cast<VirtAddr>(virt);
    if (address >= kKernelImageBase)
        return g_kernel_phys_base + (address - reinterpret_cast<VirtAddr>(__kernel_start));
    return address - kDirectMapBase;
}

Result<void*> EarlyMmu::map_device(PhysAddr phys, uint64_t size) {
    if (size == 0)
        return Error::InvalidArgument;
    if (phys + size < phys || size > kDeviceWindowSize)
        return Error::NoMemory;
    PhysAddr first = align_down(phys, kPageSize);
    uint64_t length = align_up(phys + size, kPageSize) - first;
    if (length > kDeviceWindowSize - g_device_window_used)
        return Error::NoMemory;

    VirtAddr base = kDeviceMapBase + g_device_window_used;
    // Fail before touching anything rather than leave half a mapping behind.
    size_t tables_needed = 0;
    for (VirtAddr slot = align_down(base, kLeafSpan); slot < base + length; slot += kLeafSpan)
        tables_needed += riscv64_device_table.entries[vpn(slot, 1)].valid ? 0 : 1;
    if (tables_needed > kDeviceLeafTables - g_device_leaf_tables_used)
        return Error::NoMemory;

    for (uint64_t offset = 0; offset < length; offset += kPageSize) {
        PageTable* leaf = leaf_table_for(base + offset);
        leaf->entries[vpn(base + offset, 0)] = device_leaf(first + offset);
    }
    g_device_window_used += length;
    // New entries may be cached as invalid; the fence also orders the stores above before any
    // access through the new mapping.
    asm volatile("sfence.vma" ::: "memory");
    return reinterpret_cast<void*>(base + (phys - first));
}

} // namespace mica::arch
