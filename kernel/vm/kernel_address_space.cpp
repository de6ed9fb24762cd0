#include <arch/interrupts.h>
#include <arch/mmu.h>
#include <arch/page_table.h>
#include <core/image_sections.h>
#include <core/layout.h>
#include <core/panic.h>
#include <core/smp.h>
#include <lib/align.h>
#include <lib/fixed_vector.h>
#include <new>
#include <vm/device_map.h>
#include <vm/frame_page_tables.h>
#include <vm/kernel_address_space.h>
#include <vm/physical_memory.h>
#include <vm/shootdown_tlb.h>
#include <vm/user_page_table.h>

namespace mica::kernel_address_space {

namespace {

using KernelAddressSpace = BasicAddressSpace<arch::PageTableFormat>;

constinit FramePageTables g_tables;
constinit ShootdownTlb g_tlb;
alignas(KernelAddressSpace) unsigned char g_space_storage[sizeof(KernelAddressSpace)];
KernelAddressSpace* g_space = nullptr;

KernelAddressSpace& space() {
    ASSERT(g_space);
    return *g_space;
}

VirtAddr address_of(const char* symbol) { return reinterpret_cast<VirtAddr>(symbol); }

// W^X for the image: each page gets the flags of the section it lies in. Pages in no section
// (headers, padding) are read-only. A page shared by two sections with different flags would
// make W^X impossible; the linker scripts page-align every boundary, and this checks it.
PageFlags image_flags(VirtAddr page) {
    struct Section {
        const char* start;
        const char* end;
        PageFlags flags;
    };
    const Section sections[] = {
        {__text_start, __text_end, kKernelCode},
        {__rodata_start, __rodata_end, kKernelReadOnly},
        {__data_start, __data_end, kKernelData},
        {__bss_start, __bss_end, kKernelData},
    };
    for (const Section& section : sections) {
        VirtAddr start = address_of(section.start), end = address_of(section.end);
        if (page + kPageSize <= start || page >= end)
            continue;
        if (page < align_down(start, kPageSize) || !is_aligned(start, kPageSize))
            panic("kernel section at {:#x} does not start on a page boundary", start);
        return section.flags;
    }
    return kKernelReadOnly;
}

Result<void> map_image() {
    VirtAddr start = align_down(address_of(__kernel_start), kPageSize);
    VirtAddr end = align_up(address_of(__kernel_end), kPageSize);
    VirtAddr run = start;
    PageFlags run_flags = image_flags(start);
    for (VirtAddr page = start + kPageSize; page <= end; page += kPageSize) {
        PageFlags flags = page < end ? image_flags(page) : PageFlags{};
        if (page < end && flags == run_flags)
            continue;
        PhysAddr physical = arch::EarlyMmu::virt_to_phys(reinterpret_cast<const void*>(run));
        TRY(space().map(run, physical, page - run, run_flags));
        run = page;
        run_flags = flags;
    }
    return {};
}

// Every memory region the loader described, whatever its kind (firmware tables and boot data
// live in reserved ones), merged so overlapping reports map once.
Result<void> map_direct(const BootInfo& info) {
    FixedVector<PhysRange, BootInfo::kMaxMemoryRegions + BootInfo::kMaxModules + 1> ranges;
    auto add = [&](PhysAddr base, uint64_t size) -> Result<void> {
        if (size == 0 || base >= kDirectMapMaxSize)
            return {};
        PhysAddr start = align_down(base, kPageSize);
        PhysAddr end = align_up(min<uint64_t>(base + size, kDirectMapMaxSize), kPageSize);
        return ranges.try_append(PhysRange{start, end - start});
    };
    for (const MemoryRegion& region : info.memory) {
        if (region.kind != MemoryKind::Defective)
            TRY(add(region.base, region.size));
    }
    for (const BootModule& module : info.modules)
        TRY(add(module.base, module.size));
    TRY(add(info.boot_blob.base, info.boot_blob.size));

    // Sort by base (few entries) and merge overlapping or touching ranges.
    for (size_t i = 1; i < ranges.size(); ++i) {
        for (size_t j = i; j > 0 && ranges[j].base < ranges[j - 1].base; --j)
            swap(ranges[j], ranges[j - 1]);
    }
    for (size_t i = 0; i < ranges.size();) {
        PhysAddr start = ranges[i].base, end = start + ranges[i].size;
        size_t next = i + 1;
        while (next < ranges.size() && ranges[next].base <= end) {
            end = max(end, ranges[next].base + ranges[next].size);
            ++next;
        }
        TRY(space().map(kDirectMapBase + start, start, end - start, kKernelData));
        i = next;
    }
    return {};
}

Result<void> map_early_devices() {
    for (const DeviceMapping& mapping : arch::EarlyMmu::device_mappings())
        TRY(space().map(mapping.virt, mapping.phys, mapping.size, kKernelDevice));
    return {};
}

} // namespace

Result<void> init(const BootInfo& info) {
    if (g_space)
        return Error::InvalidArgument;
    KernelAddressSpace created = TRY(KernelAddressSpace::create(g_tables, g_tlb));
    g_space = new (g_space_storage) KernelAddressSpace(created);
    TRY(map_image());
    TRY(map_direct(info));
    TRY(map_early_devices());
    arch::Mmu::activate_kernel_table(g_space->root());
    g_tlb.go_live();
    return {};
}

bool is_active() { return g_tlb.is_live(); }

Result<void> map(VirtAddr address, PhysAddr physical, uint64_t size, PageFlags flags) {
    TRY(space().map(address, physical, size, flags));
    // A new top-level table in the kernel half must reach the user roots that carry copies.
    user_page_table::sync_kernel_half();
    return {};
}

PhysAddr root() { return space().root(); }

Result<void> unmap(VirtAddr address, uint64_t size) { return space().unmap(address, size); }

Result<void> protect(VirtAddr address, uint64_t size, PageFlags flags) {
    return space().protect(address, size, flags);
}

Optional<Translation> query(VirtAddr address) {
    if (!g_space)
        return {};
    return g_space->query(address);
}

uint64_t table_frames() { return g_tables.frames(); }

} // namespace mica::kernel_address_space
