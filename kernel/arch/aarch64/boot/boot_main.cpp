// The first C++ on aarch64, called by head.S on the boot stack with the MMU on and the image at
// its link address. Maps RAM into the direct map, turns the DTB into a BootInfo and enters the
// generic kernel. Runs before global constructors: everything it touches is constant-initialized.

#include <arch/aarch64/mmu/early_mmu_setup.h>
#include <arch/aarch64/power/psci.h>
#include <arch/aarch64/user/privileged_access.h>
#include <arch/mmu.h>
#include <boot/dtb/dtb_boot.h>
#include <core/console.h>
#include <core/kernel_main.h>
#include <lib/fdt.h>

namespace mica::arch {

namespace {

constexpr uint32_t kMaxDtbSize = 2 * 1024 * 1024;

constinit BootInfo g_boot_info;

// MPIDR_EL1's affinity fields (Aff3 in bits 39:32, Aff2..Aff0 in 23:0): the CPU's hardware id,
// the value the DTB's /cpus reg properties use.
uint64_t boot_cpu_affinity() {
    uint64_t mpidr;
    asm volatile("mrs %0, mpidr_el1" : "=r"(mpidr));
    return mpidr & 0xff'00ff'ffffull;
}

uint32_t read_be32(const void* address) {
    auto bytes = static_cast<const uint8_t*>(address);
    return uint32_t(bytes[0]) << 24 | uint32_t(bytes[1]) << 16 | uint32_t(bytes[2]) << 8 | bytes[3];
}

// Maps the blob into the direct map (its header first, to learn its size) and parses it.
Result<Fdt> map_dtb(PhysAddr dtb_phys) {
    if (dtb_phys == 0)
        return Error::NotFound;
    TRY(early_mmu::map_direct(dtb_phys, Fdt::kHeaderSize));
    const void* dtb = EarlyMmu::phys_to_virt(dtb_phys);
    if (read_be32(dtb) != Fdt::kMagic)
        return Error::Malformed;
    // The arm64 boot protocol caps a DTB at 2 MiB; a bigger totalsize is garbage, and mapping
    // it would map who knows what as normal memory.
    uint32_t size = read_be32(static_cast<const uint8_t*>(dtb) + 4);
    if (size < Fdt::kHeaderSize || size > kMaxDtbSize)
        return Error::Malformed;
    TRY(early_mmu::map_direct(dtb_phys, size));
    return Fdt::parse(dtb, size);
}

void map_ram(const BootInfo& info) {
    for (const MemoryRegion& region : info.memory) {
        if (region.kind != MemoryKind::Usable)
            continue;
        if (Result<void> mapped = early_mmu::map_direct(region.base, region.size); !mapped)
            println("aarch64: RAM {:#x}..{:#x} left out of the direct map: {}", region.base,
                    region.base + region.size, mapped.error());
    }
}

void use_dtb(BootInfo& info, PhysAddr dtb_phys) {
    Result<Fdt> fdt = map_dtb(dtb_phys);
    if (!fdt) {
        println("aarch64: no usable device tree at {:#x} ({}): no console, memory or PSCI",
                dtb_phys, fdt.error());
        return;
    }
    if (Result<void> filled = boot::fill_from_dtb(info, dtb_phys, EarlyMmu::phys_to_virt(dtb_phys),
                                                  fdt.value().total_size());
        !filled)
        println("aarch64: device tree at {:#x} only partly understood: {}", dtb_phys,
                filled.error());
    map_ram(info);

    Result<psci::Conduit> conduit = psci::find_conduit(fdt.value());
    if (conduit)
        psci::set_conduit(conduit.value());
    else
        println("aarch64: no PSCI in the device tree ({}): power off needs semihosting",
                conduit.error());
}

} // namespace

} // namespace mica::arch

using namespace mica;
using namespace mica::arch;

extern "C" [[noreturn]] void aarch64_boot_main(PhysAddr dtb_phys, PhysAddr image_phys) {
    early_mmu::set_image_base(image_phys);
    enable_privileged_access_never();
    BootInfo& info = g_boot_info;
    info.kernel_image = {image_phys, early_mmu::image_size()};
    info.boot_cpu_id = boot_cpu_affinity();
    use_dtb(info, dtb_phys);
    kernel_main(info);
}
