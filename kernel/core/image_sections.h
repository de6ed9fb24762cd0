#pragma once
// The kernel image's section bounds, defined by every backend's linker script
// (kernel/arch/README.md). __kernel_start.. __kernel_end is the whole higher-half image,
// including the embedded symbol table.

extern "C" const char __kernel_start[], __kernel_end[];
extern "C" const char __text_start[], __text_end[];
extern "C" const char __rodata_start[], __rodata_end[];
extern "C" const char __data_start[], __data_end[];
extern "C" const char __bss_start[], __bss_end[];
