// Mmu::activate_user_table: the low half (TTBR0_EL1) follows the running thread's address space.
//
// TLB strategy: every user mapping is non-global (nG), every user root runs with ASID 0, and
// switching roots drops this CPU's ASID-0 entries (TLBI ASIDE1, local) while the kernel's global
// entries stay. That is correct without tracking which ASIDs a CPU may still cache, at the price
// of refilling the user TLB after each switch between address spaces. Changes to a live address
// space are covered separately: Mmu::invalidate_tlb broadcasts TLBI VAAE1IS, every ASID on every
// CPU. A switch to the root already loaded keeps its entries: while a root is loaded here its
// address space is alive (the scheduler activates 0 for kernel threads), so they are current.
//
// "No user address space" is an empty L0 table rather than TCR_EL1.EPD0: the low half then faults
// at level 0 just as with EPD0, and TCR (whose fields the TLB may cache) is written only once per
// CPU, on its first switch.

#include <arch/aarch64/asm_defs.h>
#include <arch/mmu.h>
#include <lib/types.h>

namespace mica::arch {

namespace {

// TTBR0_EL1: the root's physical address in BADDR[47:1], the ASID in bits 63:48 (0: see above).
struct Ttbr {
    static constexpr uint64_t kAddressMask = 0x0000'ffff'ffff'fffe;
    static constexpr unsigned kAsidShift = 48;
    static constexpr uint64_t kUserAsid = 0;

    static uint64_t for_user_root(PhysAddr root) {
        return (root & kAddressMask) | (kUserAsid << kAsidShift);
    }
};

// The TLBI ASIDE1 operand names the ASID in bits 63:48.
constexpr uint64_t kTlbiUserAsid = Ttbr::kUserAsid << Ttbr::kAsidShift;

struct alignas(PAGE_SIZE) EmptyTable {
    uint64_t entries[PAGE_SIZE / sizeof(uint64_t)];
};
constinit EmptyTable g_empty_user_root{};

} // namespace

void Mmu::activate_user_table(PhysAddr root) {
    PhysAddr table = root != 0 ? root : EarlyMmu::virt_to_phys(&g_empty_user_root);
    uint64_t ttbr0 = Ttbr::for_user_root(table);
    uint64_t current;
    asm volatile("mrs %0, ttbr0_el1" : "=r"(current));
    if (current == ttbr0)
        return;
    asm volatile("msr ttbr0_el1, %0" ::"r"(ttbr0) : "memory");
    uint64_t tcr;
    asm volatile("mrs %0, tcr_el1" : "=r"(tcr));
    if (tcr & TCR_EPD0)
        asm volatile("msr tcr_el1, %0" ::"r"(tcr & ~uint64_t(TCR_EPD0)) : "memory");
    // The new root before the flush: whatever the walker fetched meanwhile, from either table,
    // goes too, and nothing in between touches user addresses.
    asm volatile("isb\n"
                 "tlbi aside1, %0\n"
                 "dsb nsh\n"
                 "isb" ::"r"(kTlbiUserAsid)
                 : "memory");
}

} // namespace mica::arch
