#include <core/console.h>
#include <core/footprint.h>
#include <lib/types.h>

// Section bounds every backend's linker.ld defines (kernel/arch/README.md).
extern "C" const char __text_start[], __text_end[];
extern "C" const char __rodata_start[], __rodata_end[];
extern "C" const char __data_start[], __data_end[];
extern "C" const char __bss_start[], __bss_end[];
extern "C" const char __kernel_end[];

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
}

} // namespace mica
