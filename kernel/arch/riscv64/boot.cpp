// riscv64_boot_main: entry.S calls it on the boot stack, in the higher half, with the MMU on and
// the trap vector installed. It turns what OpenSBI handed over (hart id, DTB) into a BootInfo and
// starts the generic kernel.

#include "boot_device_tree.h"

#include <arch/mmu.h>
#include <arch/power.h>
#include <boot/dtb/dtb_boot.h>
#include <core/console.h>
#include <core/kernel_main.h>
#include <lib/fdt.h>

// From linker.ld.
extern "C" char __kernel_start[];
extern "C" char __kernel_end[];

namespace mica::arch {

namespace {

// The Linux boot protocol caps a DTB at 2 MiB; parsing stops at the header's totalsize anyway,
// and the direct map covers any RAM it can sit in.
constexpr size_t kMaxDtbSize = 2 * 1024 * 1024;

// The DTB, for the backend's own later readers (tests); the generic kernel goes through BootInfo.
const void* g_device_tree = nullptr;

} // namespace

Result<Fdt> boot_device_tree() {
    if (!g_device_tree)
        return Error::NotFound;
    return Fdt::parse(g_device_tree, kMaxDtbSize);
}

extern "C" [[noreturn]] void riscv64_boot_main(uint64_t hart_id, PhysAddr dtb_phys,
                                               PhysAddr kernel_phys) {
    EarlyMmu::init(kernel_phys);

    // kernel_main never returns, so the boot stack is a fine home for BootInfo (and it must not
    // be a global: kernel_main runs the global constructors after we fill it).
    BootInfo info;
    info.boot_cpu_id = hart_id;
    info.kernel_image = PhysRange{kernel_phys, uint64_t(__kernel_end - __kernel_start)};
    if (dtb_phys == 0) {
        info.loader = "linux-image (no device tree)";
    } else {
        const void* dtb = EarlyMmu::phys_to_virt(dtb_phys);
        g_device_tree = dtb;
        // First, so that every later failure can report itself through QEMU's exit status.
        Power::init_from_dtb(dtb, kMaxDtbSize);
        // Printed once the console is attached (the console buffers until then).
        if (Result<void> filled = boot::fill_from_dtb(info, dtb_phys, dtb, kMaxDtbSize); !filled)
            println("riscv64: the device tree at {:#x} is unusable: {}", dtb_phys, filled.error());
    }
    kernel_main(info);
}

} // namespace mica::arch
