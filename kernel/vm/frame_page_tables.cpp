#include <arch/mmu.h>
#include <core/panic.h>
#include <vm/frame_page_tables.h>
#include <vm/physical_memory.h>

namespace mica {

Result<PhysAddr> FramePageTables::allocate_table() {
    PhysAddr table = TRY(physical_memory::allocate_frame());
    auto* bytes = static_cast<uint8_t*>(arch::EarlyMmu::phys_to_virt(table));
    for (uint64_t i = 0; i < kPageSize; ++i)
        bytes[i] = 0;
    m_frames.fetch_add(1, MemoryOrder::Relaxed);
    return table;
}

void FramePageTables::free_table(PhysAddr table) {
    if (physical_memory::free_frame(table).is_error())
        panic("page table frame {:#x} was not allocated", table);
    m_frames.fetch_sub(1, MemoryOrder::Relaxed);
}

PageTableEntry* FramePageTables::table_pointer(PhysAddr table) {
    return static_cast<PageTableEntry*>(arch::EarlyMmu::phys_to_virt(table));
}

} // namespace mica
