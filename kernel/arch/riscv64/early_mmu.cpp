// EarlyMmu over the page tables entry.S built. Only map_device() changes them: it hands out
// virtual space in the device window with a bump pointer and maps 4 KiB pages, taking leaf
// tables from a small static pool, and records each mapping for the kernel table to re-create.
// Boot hart only, before the kernel table (and any other hart) exists: no lock needed.

#include <arch/mmu.h>
#include <core/image_sections.h>
#include <core/panic.h>
#include <lib/align.h>

// From entry.S.
extern "C" mica::arch::PageTable riscv64_device_table;

namespace mica::arch {

namespace {

// entry.S maps exactly one table's worth of device window (root[384]): 1 GiB.
constexpr uint64_t kDeviceWindowSize = level_size(2);
// Each leaf table maps 2 MiB of the window; a handful covers every device the early kernel uses.
constexpr size_t kDeviceLeafTables = 8;
constexpr uint64_t kLeafSpan = level_size(1);
// The early kernel maps a console and a power device; room for a few more.
constexpr size_t kMaxDeviceMappings = 16;

PageTable g_device_leaf_tables[kDeviceLeafTables];
size_t g_device_leaf_tables_used = 0;
uint64_t g_device_window_used = 0;
DeviceMapping g_device_mappings[kMaxDeviceMappings];
size_t g_device_mapping_count = 0;
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
    Pte& entry = riscv64_device_table.entries[level_index(address, 1)];
    if (entry.valid)
        return static_cast<PageTable*>(EarlyMmu::phys_to_virt(PhysAddr(entry.ppn) << kPageShift));
    // map_device() checked that the pool has a table left.
    PageTable* table = &g_device_leaf_tables[g_device_leaf_tables_used++];
    entry = make_pte(EarlyMmu::virt_to_phys(table));
    return table;
}

bool in_range(VirtAddr address, VirtAddr start, VirtAddr end) {
    return address >= start && address < end;
}

} // namespace

void EarlyMmu::init(PhysAddr kernel_phys_base) { g_kernel_phys_base = kernel_phys_base; }

PhysAddr EarlyMmu::kernel_phys_base() { return g_kernel_phys_base; }

PhysAddr EarlyMmu::virt_to_phys(const void* virt) {
    auto address = reinterpret_cast<VirtAddr>(virt);
    auto image_start = reinterpret_cast<VirtAddr>(__kernel_start);
    // The end rounded up: the last page of the image is mapped whole.
    if (in_range(address, image_start,
                 align_up(reinterpret_cast<VirtAddr>(__kernel_end), kPageSize)))
        return g_kernel_phys_base + (address - image_start);
    if (in_range(address, kDirectMapBase, kDirectMapBase + kDirectMapMaxSize))
        return address - kDirectMapBase;
    // Device window and scratch addresses have no fixed relation to physical ones.
    panic("EarlyMmu::virt_to_phys: {:#x} is neither in the image nor in the direct map", address);
}

Result<void*> EarlyMmu::map_device(PhysAddr phys, uint64_t size) {
    if (!early_tables_active())
        return Error::Unsupported;
    if (size == 0)
        return Error::InvalidArgument;
    if (phys + size < phys || size > kDeviceWindowSize)
        return Error::NoMemory;
    PhysAddr first = align_down(phys, kPageSize);
    uint64_t length = align_up(phys + size, kPageSize) - first;
    if (length > kDeviceWindowSize - g_device_window_used)
        return Error::NoMemory;
    if (g_device_mapping_count == kMaxDeviceMappings)
        return Error::NoMemory;

    VirtAddr base = kDeviceMapBase + g_device_window_used;
    // Fail before touching anything rather than leave half a mapping behind.
    size_t tables_needed = 0;
    for (VirtAddr slot = align_down(base, kLeafSpan); slot < base + length; slot += kLeafSpan)
        tables_needed += riscv64_device_table.entries[level_index(slot, 1)].valid ? 0 : 1;
    if (tables_needed > kDeviceLeafTables - g_device_leaf_tables_used)
        return Error::NoMemory;

    for (uint64_t offset = 0; offset < length; offset += kPageSize) {
        PageTable* leaf = leaf_table_for(base + offset);
        leaf->entries[level_index(base + offset, 0)] = device_leaf(first + offset);
    }
    g_device_window_used += length;
    g_device_mappings[g_device_mapping_count++] = DeviceMapping{base, first, length};
    // New entries may be cached as invalid; the fence also orders the stores above before any
    // access through the new mapping.
    asm volatile("sfence.vma" ::: "memory");
    return reinterpret_cast<void*>(base + (phys - first));
}

Span<const DeviceMapping> EarlyMmu::device_mappings() {
    return Span<const DeviceMapping>(g_device_mappings, g_device_mapping_count);
}

} // namespace mica::arch
