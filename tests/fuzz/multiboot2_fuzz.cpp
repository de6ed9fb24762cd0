// libFuzzer target for the multiboot2 information reader and the BootInfo front end. Any input
// must give an error or a structure that can be read end to end, never a crash, hang or
// out-of-bounds read (build with -fsanitize=fuzzer,address,undefined).
//
// Sources: kernel/lib/multiboot2.cpp, boot/multiboot2/multiboot2_boot.cpp.

#include <boot/multiboot2/multiboot2_boot.h>
#include <lib/bytes.h>
#include <lib/multiboot2.h>

#include <stddef.h>
#include <stdint.h>

using namespace mica;

namespace {

uint64_t read_everything(const Multiboot2Info& info) {
    uint64_t sum = info.total_size();
    for (Multiboot2Tag tag : info) {
        sum += tag.type + tag.offset + tag.payload.size();
        for (uint8_t byte : tag.payload)
            sum += byte;
    }
    sum += info.command_line().value_or("").length();
    sum += info.boot_loader_name().value_or("").length();
    for (size_t i = 0; i < info.module_count(); ++i) {
        Multiboot2Module module = info.module(i).value();
        sum += module.start + module.end + module.name.length();
    }
    for (Multiboot2MemoryEntry entry : info.memory_map())
        sum += entry.base ^ entry.length ^ entry.type;
    if (auto fb = info.framebuffer())
        sum += fb->address + fb->width + fb->height + fb->pitch + fb->bits_per_pixel;
    if (auto rsdp = info.acpi_rsdp())
        sum += rsdp->payload_offset() + rsdp->payload.size();
    return sum;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    volatile uint64_t sink = 0;
    auto info = Multiboot2Info::parse(Bytes(data, size));
    if (info.is_ok())
        sink = sink + read_everything(info.value());
    // The front end trusts total_size to be readable (the loader promises it), so only hand it
    // inputs that hold what they claim.
    if (size >= multiboot2::kFixedPartSize && load_le32(data) <= size) {
        BootInfo boot_info;
        if (boot::fill_from_multiboot2(boot_info, 0x10000, data).is_ok())
            sink = sink + boot_info.memory.size() + boot_info.modules.size() +
                   boot_info.command_line.length() + boot_info.acpi_rsdp;
    }
    return 0;
}
