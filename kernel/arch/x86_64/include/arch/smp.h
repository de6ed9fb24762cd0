#pragma once
// Starting the other CPUs and interrupting them, through the local APIC.
//
// start_cpu() is the INIT-SIPI-SIPI sequence (Intel SDM Vol. 3A, 9.4.4.1 / 11.6.1). The target
// starts in real mode at a page below 1 MiB that boot/entry.cpp kept out of the memory map
// (smp/trampoline.S copied there): 16-bit → protected mode → long mode on small temporary tables
// that identity-map the trampoline and share the kernel half of the kernel table (the kernel
// table's root may lie above 4 GiB, out of reach of a 32-bit CR3 load), then it jumps into the
// kernel image, loads the kernel table, its own GDT/TSS and the IDT, its gs base, and calls
// mica::secondary_main(cpu). One CPU at a time: the page is shared, and start_cpu() returns only
// once the target has taken its parameters from it.
//
// send_ipi() is a fixed IPI on vectors::kIpi to the target's local APIC id.

#include <lib/result.h>
#include <lib/types.h>

namespace mica {
struct CpuLocal;
struct BootInfo;
} // namespace mica

namespace mica::arch {

struct Smp {
    static Result<void> start_cpu(CpuLocal& cpu, uintptr_t stack_top);
    static void send_ipi(const CpuLocal& target);

    // boot/entry.cpp, before kernel_main: picks a usable page below 1 MiB for the trampoline and
    // records it in `info` as reserved, so the frame allocator never hands it out. Without one,
    // start_cpu() fails with NoMemory.
    static void reserve_trampoline_page(BootInfo& info);
    static PhysAddr trampoline_page();
};

} // namespace mica::arch
