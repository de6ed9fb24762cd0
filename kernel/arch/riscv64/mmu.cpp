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
PhysAddr g_kernel_root = 0; // what activate_user_table(0) goes back to

// Every table runs as ASID 0: switching tables then needs a flush, but no ASID allocator or
// generation scheme across harts (worth adding once switch costs are measured).
constexpr uint64_t kAsid = 0;

// Without an address the fence drops every translation, global ones included; with an address
// it drops those of that page in every address space (rs2 = x0), again global ones included.
void fence_all() { asm volatile("sfence.vma" ::: "memory"); }
void fence_page(VirtAddr page) { asm volatile("sfence.vma %0, zero" ::"r"(page) : "memory"); }
// With an ASID in a register (even 0, as long as it is not x0) the fence drops that address
// space's translations but keeps global ones: the kernel half survives a user table switch. The
// ASID goes through t0 because the compiler may hand a constant 0 over as x0, which would turn
// this into a fence of every address space.
void fence_asid(uint64_t asid) {
    asm volatile("mv t0, %0\n sfence.vma zero, t0" ::"r"(asid) : "t0", "memory");
}

} // namespace

bool EarlyMmu::early_tables_active() { return !g_kernel_table_active; }

void Mmu::activate_kernel_table(PhysAddr root) {
    // The fence before orders the stores that built the table before the hart walks it; the one
    // after drops what the early tables left in the TLB (satp writes do not flush).
    fence_all();
    write_satp(Satp{.ppn = root >> kPageShift, .asid = kAsid, .mode = SatpMode::Sv39});
    fence_all();
    g_kernel_root = root;
    g_kernel_table_active = true;
}

void Mmu::activate_user_table(PhysAddr root) {
    PhysAddr table = root ? root : g_kernel_root;
    write_satp(Satp{.ppn = table >> kPageShift, .asid = kAsid, .mode = SatpMode::Sv39});
    fence_asid(kAsid);
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
