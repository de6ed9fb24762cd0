#pragma once
// The page table of one user address space. Mappings are always user-accessible and never
// global; everything outside [kUserSpaceBase, kUserSpaceEnd) is refused.
//
// Where one root holds both halves (arch::Mmu::kUserTableHoldsKernelHalf), every user root
// carries copies of the kernel root's upper-half entries. Those entries point at kernel tables
// shared by all, so only a new top-level entry in the kernel half needs copying, which
// sync_kernel_half() does for every live user root (kernel_address_space::map calls it).

#include <arch/page_table.h>
#include <core/spinlock.h>
#include <lib/optional.h>
#include <sched/list.h>
#include <vm/address_space.h>

namespace mica {

class UserPageTable {
public:
    static Result<UserPageTable*> create();
    // Moves every CPU off the table, then frees its tables (not the frames it mapped).
    static void destroy(UserPageTable* table);

    PhysAddr root() const { return m_space.root(); }

    Result<void> map(VirtAddr address, PhysAddr physical, uint64_t size, PageFlags flags);
    Result<void> unmap(VirtAddr address, uint64_t size);
    Result<void> protect(VirtAddr address, uint64_t size, PageFlags flags);
    Optional<Translation> query(VirtAddr address);

    sched::ListLinks<UserPageTable> registry_link;

    // For heap::make in create() only.
    explicit UserPageTable(BasicAddressSpace<arch::PageTableFormat> space) : m_space(space) {}

private:
    BasicAddressSpace<arch::PageTableFormat> m_space;
};

namespace user_page_table {
void sync_kernel_half();
// Frames holding user page tables, all processes together.
uint64_t table_frames();
} // namespace user_page_table

} // namespace mica
