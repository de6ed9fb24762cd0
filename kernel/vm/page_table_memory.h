#pragma once
// What the generic page-table code needs from its surroundings: frames for tables, a way to touch
// a table given its physical address, and TLB invalidation. The kernel provides these with the
// frame allocator, the direct map and the arch TLB hooks; host tests provide emulated ones.

#include <lib/result.h>
#include <vm/page_table_format.h>

namespace mica {

class PageTableMemory {
public:
    // A zero-filled 4 KiB frame for a table.
    virtual Result<PhysAddr> allocate_table() = 0;
    virtual void free_table(PhysAddr table) = 0;
    virtual PageTableEntry* table_pointer(PhysAddr table) = 0;

protected:
    ~PageTableMemory() = default;
};

class TlbInvalidation {
public:
    // Called after entries covering [address, address + size) changed or disappeared. One hook
    // for everything, so SMP shootdown later has one place to go.
    virtual void invalidate(VirtAddr address, uint64_t size) = 0;
    // Called after entries that were invalid became valid. What that needs is the ISA's business:
    // nothing on x86_64, a barrier so the table walker sees the stores on aarch64, an
    // sfence.vma on riscv64 (harts may cache invalid entries).
    virtual void publish(VirtAddr address, uint64_t size) = 0;

protected:
    ~TlbInvalidation() = default;
};

} // namespace mica
