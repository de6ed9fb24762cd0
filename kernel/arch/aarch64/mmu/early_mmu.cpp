// The early MMU after the switch to the higher half: the direct map of RAM and the device window,
// written into the kernel-half L1 table that boot/early_tables.S set up. Tables come from a small
// static pool; all entries only ever go from invalid to valid, which needs no TLB maintenance,
// only a barrier before use. Device mappings are recorded so that the kernel table keeps them at
// the same addresses; once it is active (mmu/kernel_table.cpp) these tables are dead.

#include <arch/aarch64/mmu/descriptor.h>
#include <arch/aarch64/mmu/early_mmu_setup.h>
#include <arch/mmu.h>
#include <core/layout.h>
#include <core/panic.h>
#include <lib/align.h>
#include <lib/fixed_vector.h>

// From boot/early_tables.S and linker.ld.
extern "C" mica::arch::PageTable early_kernel_l1;
extern "C" char __kernel_start[];
extern "C" char __kernel_end[];

namespace mica::arch {

namespace {

constexpr uint64_t kBlock1G = 1ull << L1_SHIFT;
constexpr uint64_t kBlock2M = 1ull << L2_SHIFT;
// The device window ends where the kernel image's 1 GiB slot begins.
constexpr VirtAddr kDeviceMapEnd = kKernelImageBase;
// Enough for RAM in a few discontiguous banks plus some dozens of MiB of device mappings.
constexpr size_t kTablePoolSize = 24;

// Every L1 entry the kernel half uses is in early_kernel_l1: the top 512 GiB of the address space.
static_assert(table_index(kDirectMapBase, L0_SHIFT) == 511 &&
              table_index(kKernelImageBase, L0_SHIFT) == 511);

constinit PhysAddr g_image_phys = 0;
constinit PageTable g_table_pool[kTablePoolSize];
constinit size_t g_tables_used = 0;
constinit VirtAddr g_device_next = kDeviceMapBase;
// The console and a few more before the kernel table takes over.
constinit FixedVector<DeviceMapping, 16> g_device_mappings;
constinit bool g_retired = false;

// Every table lives in the image, so its address translates through the image's offset.
PageTable* table_at(PhysAddr phys) {
    return reinterpret_cast<PageTable*>(phys - g_image_phys + kKernelImageBase);
}

PhysAddr image_virt_to_phys(const void* virt) {
    return reinterpret_cast<uintptr_t>(virt) - kKernelImageBase + g_image_phys;
}

// The table `entry` points to, creating an empty one if it is invalid. Fails on a block (the
// caller decides what an existing block means) and when the pool is empty.
Result<PageTable*> next_table(Descriptor& entry) {
    if (entry.is_table())
        return table_at(entry.output_address());
    if (entry.is_valid())
        return Error::InvalidArgument;
    if (g_tables_used == kTablePoolSize)
        return Error::NoMemory;
    PageTable* table = &g_table_pool[g_tables_used++];
    entry = Descriptor::table(image_virt_to_phys(table));
    return table;
}

void publish_entries() { asm volatile("dsb ishst\n isb" ::: "memory"); }

} // namespace

namespace early_mmu {

void set_image_base(PhysAddr image_phys) { g_image_phys = image_phys; }
PhysAddr image_base() { return g_image_phys; }
uint64_t image_size() { return uint64_t(__kernel_end - __kernel_start); }
void retire() { g_retired = true; }

Result<void> map_direct(PhysAddr base, uint64_t size) {
    if (g_retired)
        return Error::Unsupported;
    PhysAddr start = align_down(base, kBlock2M);
    PhysAddr end = align_up(base + size, kBlock2M);
    if (size == 0 || end < start || end > kDirectMapMaxSize)
        return Error::OutOfRange;

    PhysAddr phys = start;
    while (phys < end) {
        VirtAddr virt = kDirectMapBase + phys;
        Descriptor& l1_entry = early_kernel_l1.entries[table_index(virt, L1_SHIFT)];
        if (l1_entry.is_valid() && !l1_entry.is_table()) {
            phys = align_down(phys, kBlock1G) + kBlock1G; // a 1 GiB block already covers it
            continue;
        }
        if (!l1_entry.is_valid() && phys % kBlock1G == 0 && end - phys >= kBlock1G) {
            l1_entry = Descriptor::block(phys, MemoryType::NormalData);
            phys += kBlock1G;
            continue;
        }
        PageTable* l2 = TRY(next_table(l1_entry));
        Descriptor& l2_entry = l2->entries[table_index(virt, L2_SHIFT)];
        if (!l2_entry.is_valid())
            l2_entry = Descriptor::block(phys, MemoryType::NormalData);
        phys += kBlock2M;
    }
    publish_entries();
    return {};
}

} // namespace early_mmu

PhysAddr EarlyMmu::virt_to_phys(const void* virt) {
    auto address = reinterpret_cast<VirtAddr>(virt);
    if (address >= kDirectMapBase && address < kDirectMapBase + kDirectMapMaxSize)
        return address - kDirectMapBase;
    if (address >= reinterpret_cast<VirtAddr>(__kernel_start) &&
        address < reinterpret_cast<VirtAddr>(__kernel_end))
        return image_virt_to_phys(virt);
    panic("virt_to_phys({:#x}): neither in the direct map nor in the kernel image", address);
}

Result<void*> EarlyMmu::map_device(PhysAddr phys, uint64_t size) {
    if (g_retired)
        return Error::Unsupported; // use mica::map_device(), which maps in the kernel table
    if (size == 0)
        return Error::InvalidArgument;
    if (g_device_mappings.is_full())
        return Error::Full;
    PhysAddr first = align_down(phys, uint64_t(PAGE_SIZE));
    PhysAddr end = align_up(phys + size, uint64_t(PAGE_SIZE));
    if (end <= first || (end >> 48) != 0)
        return Error::OutOfRange;
    uint64_t length = end - first;
    // One unmapped guard page after each mapping catches overruns.
    if (length + PAGE_SIZE > kDeviceMapEnd - g_device_next)
        return Error::NoMemory;

    VirtAddr base = g_device_next;
    for (uint64_t offset = 0; offset < length; offset += PAGE_SIZE) {
        VirtAddr virt = base + offset;
        PageTable* l2 = TRY(next_table(early_kernel_l1.entries[table_index(virt, L1_SHIFT)]));
        PageTable* l3 = TRY(next_table(l2->entries[table_index(virt, L2_SHIFT)]));
        l3->entries[table_index(virt, PAGE_SHIFT)] =
            Descriptor::page(first + offset, MemoryType::Device);
    }
    g_device_next = base + length + PAGE_SIZE;
    (void)g_device_mappings.try_append(DeviceMapping{base, first, length}); // room checked above
    publish_entries();
    return reinterpret_cast<void*>(base + (phys - first));
}

Span<const DeviceMapping> EarlyMmu::device_mappings() { return g_device_mappings.span(); }

} // namespace mica::arch
