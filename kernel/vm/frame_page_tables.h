#pragma once
// Page-table memory for the kernel's real tables: zeroed frames from the frame allocator, reached
// through the direct map (which sits at the same place in the early tables and in every later
// one). The kernel table and the user tables each count their own frames.

#include <lib/atomic.h>
#include <vm/page_table_memory.h>

namespace mica {

class FramePageTables final : public PageTableMemory {
public:
    Result<PhysAddr> allocate_table() override;
    void free_table(PhysAddr table) override;
    PageTableEntry* table_pointer(PhysAddr table) override;
    uint64_t frames() const { return m_frames.load(MemoryOrder::Relaxed); }

private:
    Atomic<uint64_t> m_frames{0};
};

} // namespace mica
