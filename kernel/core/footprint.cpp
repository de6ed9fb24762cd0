#include <core/console.h>
#include <core/footprint.h>
#include <core/image_sections.h>
#include <lib/types.h>
#include <vm/kernel_address_space.h>
#include <vm/kernel_heap.h>
#include <vm/physical_memory.h>

namespace mica {

namespace {

// Rounded up, so a section that exists never reads as 0 KiB.
uint64_t kibibytes(const char* start, const char* end) {
    return (uint64_t(end - start) + 1023) / 1024;
}

} // namespace

void print_kernel_footprint() {
    // The embedded symbol table is the image's last section (core/symtab.ld), after .bss.
    println("kernel image: text {} KiB, rodata {} KiB, data {} KiB, bss {} KiB, symbols {} KiB",
            kibibytes(__text_start, __text_end), kibibytes(__rodata_start, __rodata_end),
            kibibytes(__data_start, __data_end), kibibytes(__bss_start, __bss_end),
            kibibytes(__bss_end, __kernel_end));
    // What the kernel itself holds of RAM once boot is done: the image, the frame allocator's
    // records, its page tables and its heap (firmware and boot data are in the memory line).
    uint64_t image = uint64_t(__kernel_end - __kernel_start);
    uint64_t frame_map = physical_memory::stats().frame_map;
    uint64_t tables = kernel_address_space::table_frames() * 4096;
    uint64_t heap = kernel_heap::pages_in_use() * 4096;
    println("kernel RAM in use: {} KiB (image {} KiB, frame map {} KiB, page tables {} KiB, "
            "heap {} KiB)",
            (image + frame_map + tables + heap + 1023) / 1024, (image + 1023) / 1024,
            frame_map / 1024, tables / 1024, heap / 1024);
}

} // namespace mica
