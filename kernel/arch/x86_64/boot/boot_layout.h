/* Constants shared by the entry assembly and C++ (this header is included by both, so it holds
 * only #defines). They must agree with kernel/core/layout.h, which mmu.cpp checks. */
#pragma once

/* The kernel is linked at KERNEL_VMA + its physical load address (linker.ld). */
#define KERNEL_VMA 0xffffffff80000000
#define KERNEL_LOAD_PHYS 0x200000

/* Physical address of a kernel symbol, for code that runs before paging. */
#define PHYS(symbol) ((symbol)-KERNEL_VMA)

/* 2 MiB-page directories behind the direct map: 128 of them map 128 GiB (kDirectMapMaxSize). */
#define BOOT_DIRECT_MAP_PDS 128

/* Page table entry bits (Intel SDM Vol. 3A, 4.5). */
#define PTE_PRESENT 0x1
#define PTE_WRITABLE 0x2
#define PTE_WRITE_THROUGH 0x8
#define PTE_CACHE_DISABLE 0x10
#define PTE_LARGE 0x80

#define BOOT_STACK_SIZE 16384

/* Selectors of the boot GDT (entry32.S) and of the final one (traps/descriptors.cpp). */
#define KERNEL_CODE_SELECTOR 0x08
#define KERNEL_DATA_SELECTOR 0x10
