// Mmu: the switch from the boot tables to the kernel's own table, and TLB maintenance on it.

#include <arch/mmu.h>
#include <arch/page_table.h>
#include <arch/registers.h>
#include <arch/x86_64/syscalls/io_permission.h>
#include <core/panic.h>
#include <lib/align.h>

namespace mica::arch {

namespace {

// Above this many pages one full flush is cheaper than invlpg for each.
constexpr uint64_t kMaxPagesInvalidatedOneByOne = 64;

// The kernel's root, for activate_user_table(0): user roots copy its upper half, so it is the
// table with an empty lower half.
PhysAddr g_kernel_root = 0;

// Drops every translation, global ones included: clearing CR4.PGE flushes the whole TLB
// (Intel SDM Vol. 3A, 4.10.4.1), a CR3 write only the non-global entries.
void flush_everything() {
    uint64_t cr4 = read_cr4();
    if (cr4 & cr4::kPge) {
        write_cr4(cr4 & ~cr4::kPge);
        write_cr4(cr4);
    } else {
        write_cr3(read_cr3());
    }
}

} // namespace

void Mmu::activate_kernel_table(PhysAddr root) {
    // The kernel table sets XD in every non-executable leaf, a reserved bit without EFER.NXE: the
    // first access through it would fault with nothing left to report it.
    if (!(read_msr(Msr::Efer) & efer::kNoExecuteEnable))
        panic("x86_64: EFER.NXE is off (CPU without execute disable?); cannot enforce W^X");
    // Supervisor writes to read-only pages must fault for W^X (entry32.S sets it).
    if (!(read_cr0() & cr0::kWriteProtect))
        panic("x86_64: CR0.WP is off; kernel read-only pages would be writable");

    // PGE off while CR3 changes, so no global translation of the early tables can survive;
    // then on, so the kernel's global mappings outlive later address-space switches.
    uint64_t cr4 = read_cr4();
    write_cr4(cr4 & ~cr4::kPge);
    g_kernel_root = root & X86_64PageFormat::kAddressMask;
    write_cr3(g_kernel_root);
    if (cpuid(1).edx & cpuid_bits::kLeaf1EdxPge)
        write_cr4(cr4 | cr4::kPge);
}

void Mmu::activate_user_table(PhysAddr root) {
    // Kernel mappings are global and survive the write; user mappings never are (the page
    // format sets G only for PageFlags.global), so nothing of the previous process survives.
    write_cr3(root ? root & X86_64PageFormat::kAddressMask : g_kernel_root);
    // The I/O permission bitmap belongs to the address space's process and switches with it.
    io_permission::address_space_activated(root);
}

void Mmu::invalidate_tlb(VirtAddr address, uint64_t size) {
    VirtAddr first = align_down(address, kPageSize);
    VirtAddr end = align_up(address + size, kPageSize);
    if ((end - first) / kPageSize > kMaxPagesInvalidatedOneByOne) {
        flush_everything();
        return;
    }
    // invlpg also drops a large page containing the address, and the paging-structure caches.
    for (VirtAddr page = first; page < end; page += kPageSize)
        asm volatile("invlpg (%0)" ::"r"(page) : "memory");
}

} // namespace mica::arch
