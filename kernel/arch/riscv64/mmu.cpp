// Mmu: switching this hart to the kernel table and dropping cached translations.

#include <arch/csr.h>
#include <arch/mmu.h>
#include <lib/align.h>

namespace mica::arch {

namespace {

// Past this many pages one sfence.vma for everything beats a fence per page (the walks that
// refill the TLB are cheap next to a long run of fences).
constexpr uint64_t kMaxPagesFencedOneByOne = 64;

bool g_kernel_table_active = false;

// Without an address the fence drops every translation, global ones included; with an address
// it drops those of that page in every address space (rs2 = x0), again global ones included.
void fence_all() { asm volatile("sfence.vma" ::: "memory"); }
void fence_page(VirtAddr page) { asm volatile("sfence.vma %0, zero" ::"r"(page) : "memory"); }

} // namespace

bool EarlyMmu::early_tables_active() { return !g_kernel_table_active; }

void Mmu::activate_kernel_table(PhysAddr root) {
    // The fence before orders the stores that built the table before the hart walks it; the one
    // after drops what the early tables left in the TLB (satp writes do not flush).
    fence_all();
    write_satp(Satp{.ppn = root >> kPageShift, .asid = 0, .mode = SatpMode::Sv39});
    fence_all();
    g_kernel_table_active = true;
}

void Mmu::invalidate_tlb(VirtAddr address, uint64_t size) {
    if (size == 0)
        return;
    VirtAddr first = align_down(address, kPageSize);
    VirtAddr end = align_up(address + size, kPageSize);
    if (end < first || (end - first) / kPageSize > kMaxPagesFencedOneByOne) {
        fence_all();
        return;
    }
    for (VirtAddr page = first; page < end; page += kPageSize)
        fence_page(page);
}

} // namespace mica::arch
