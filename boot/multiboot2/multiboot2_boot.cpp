#include <boot/multiboot2/multiboot2_boot.h>
#include <lib/bytes.h>
#include <lib/format.h>
#include <lib/multiboot2.h>

namespace mica::boot {

namespace {

using multiboot2::MemoryType;
using multiboot2::TagType;

constexpr uint8_t kFramebufferDirectRgb = 1;
constexpr uint64_t kUpperMemoryBase = 1ull << 20;

// BootInfo::loader is a view; the composed name needs storage that outlives this call.
char g_loader_name[96];

MemoryKind memory_kind(uint32_t type) {
    switch (MemoryType(type)) {
    case MemoryType::Available: return MemoryKind::Usable;
    case MemoryType::AcpiReclaimable: return MemoryKind::AcpiReclaimable;
    case MemoryType::AcpiNvs: return MemoryKind::AcpiNvs;
    case MemoryType::Defective: return MemoryKind::Defective;
    case MemoryType::Reserved: return MemoryKind::Reserved;
    }
    return MemoryKind::Reserved; // the specification says unknown types are reserved
}

Result<void> add_region(BootInfo& info, uint64_t base, uint64_t size, MemoryKind kind) {
    if (size == 0)
        return {};
    if (base + size < base)
        return Error::Malformed;
    return info.memory.try_append(MemoryRegion{base, size, kind});
}

Result<void> add_memory(BootInfo& info, const Multiboot2Info& mb) {
    Multiboot2MemoryMap map = mb.memory_map();
    if (map.size() != 0) {
        for (Multiboot2MemoryEntry entry : map)
            TRY(add_region(info, entry.base, entry.length, memory_kind(entry.type)));
        return {};
    }
    // Without a map, the basic tag gives KiB below 640 KiB and above 1 MiB.
    auto basic = mb.find(TagType::BasicMemoryInfo);
    if (!basic)
        return Error::NotFound;
    TRY(add_region(info, 0, uint64_t(load_le32(basic->payload.data())) << 10, MemoryKind::Usable));
    TRY(add_region(info, kUpperMemoryBase, uint64_t(load_le32(basic->payload.data() + 4)) << 10,
                   MemoryKind::Usable));
    return {};
}

Result<void> add_modules(BootInfo& info, const Multiboot2Info& mb) {
    for (size_t i = 0; i < mb.module_count(); ++i) {
        Multiboot2Module module = mb.module(i).value();
        TRY(info.modules.try_append(BootModule{
            .base = module.start, .size = module.end - module.start, .name = module.name}));
    }
    return {};
}

} // namespace

Result<void> fill_from_multiboot2(BootInfo& info, PhysAddr info_phys, const void* info_virt) {
    Multiboot2Info mb = TRY(Multiboot2Info::parse(info_virt, kMaxMultiboot2InfoSize));

    info.loader = format_to_buffer(g_loader_name, sizeof g_loader_name, "multiboot2: {}",
                                   mb.boot_loader_name().value_or("unknown loader"));
    info.command_line = mb.command_line().value_or("");
    info.boot_blob = PhysRange{.base = info_phys, .size = mb.total_size()};
    TRY(add_memory(info, mb));
    TRY(add_modules(info, mb));
    if (auto rsdp = mb.acpi_rsdp())
        info.acpi_rsdp = info_phys + rsdp->payload_offset();
    if (auto fb = mb.framebuffer(); fb && fb->type == kFramebufferDirectRgb) {
        info.framebuffer = Framebuffer{.base = fb->address,
                                       .width = fb->width,
                                       .height = fb->height,
                                       .pitch = fb->pitch,
                                       .bits_per_pixel = fb->bits_per_pixel};
    }
    return {};
}

} // namespace mica::boot
