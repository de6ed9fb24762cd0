#pragma once
// BootInfo: everything the loader told us, in one shape for every ISA and boot protocol.
// Front ends in boot/ fill it (multiboot2 on x86_64, the DTB on aarch64 and riscv64); generic
// kernel code reads only this.

#include <lib/fixed_vector.h>
#include <lib/optional.h>
#include <lib/string_view.h>
#include <lib/types.h>

namespace mica {

enum class MemoryKind : uint8_t {
    Usable,
    Reserved,        // firmware, MMIO holes, /reserved-memory, FDT reservation block
    AcpiReclaimable, // ACPI tables; usable once they have been read
    AcpiNvs,
    Defective,
};

constexpr const char* memory_kind_name(MemoryKind kind) {
    switch (kind) {
    case MemoryKind::Usable: return "usable";
    case MemoryKind::Reserved: return "reserved";
    case MemoryKind::AcpiReclaimable: return "acpi-reclaimable";
    case MemoryKind::AcpiNvs: return "acpi-nvs";
    case MemoryKind::Defective: return "defective";
    }
    return "?";
}

struct MemoryRegion {
    PhysAddr base = 0;
    uint64_t size = 0;
    MemoryKind kind = MemoryKind::Reserved;
};

struct BootModule {
    PhysAddr base = 0;
    uint64_t size = 0;
    StringView name; // the loader's string for the module (e.g. its path), may be empty
};

struct Framebuffer {
    PhysAddr base = 0;
    uint32_t width = 0;
    uint32_t height = 0;
    uint32_t pitch = 0; // bytes per row
    uint8_t bits_per_pixel = 0;
};

struct PhysRange {
    PhysAddr base = 0;
    uint64_t size = 0;
};

struct BootInfo {
    static constexpr size_t kMaxMemoryRegions = 128;
    static constexpr size_t kMaxModules = 16;

    StringView loader;       // "multiboot2: GRUB 2.06", "linux-image: dtb", ...
    StringView command_line; // points into the loader's blob, which stays mapped and reserved
    FixedVector<MemoryRegion, kMaxMemoryRegions> memory;
    FixedVector<BootModule, kMaxModules> modules;
    PhysRange kernel_image; // where the kernel was loaded, physically
    PhysRange boot_blob;    // the DTB or multiboot2 information structure itself
    PhysAddr dtb = 0;       // 0 when the platform has no device tree
    PhysAddr acpi_rsdp = 0; // 0 when the platform has no ACPI
    Optional<Framebuffer> framebuffer;
    uint64_t boot_cpu_id = 0; // hart id, MPIDR affinity or APIC id of the CPU that booted

    uint64_t usable_memory() const {
        uint64_t total = 0;
        for (const MemoryRegion& region : memory) {
            if (region.kind == MemoryKind::Usable)
                total += region.size;
        }
        return total;
    }
};

} // namespace mica
