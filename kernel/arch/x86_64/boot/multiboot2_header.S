/* The multiboot2 header GRUB looks for in the first 32 KiB of the image (Multiboot2
 * Specification 2.0, 3.1). Besides the mandatory fields it carries an entry address tag:
 * the ELF entry is a higher-half virtual address, and GRUB must jump to the physical 32-bit
 * entry instead; and an optional framebuffer request. No EFI tags: under UEFI, GRUB then exits boot services and enters us in 32-bit
 * protected mode exactly as under BIOS. */
#include "boot_layout.h"

#define MULTIBOOT2_HEADER_MAGIC 0xe85250d6
#define MULTIBOOT2_ARCH_I386 0
#define TAG_END 0
#define TAG_ENTRY_ADDRESS 3
#define TAG_FRAMEBUFFER 5
#define TAG_OPTIONAL 1

    .section .multiboot2, "a"
    .balign 8
multiboot2_header:
    .long MULTIBOOT2_HEADER_MAGIC
    .long MULTIBOOT2_ARCH_I386
    .long multiboot2_header_end - multiboot2_header
    .long 0x100000000 - (MULTIBOOT2_HEADER_MAGIC + MULTIBOOT2_ARCH_I386 + (multiboot2_header_end - multiboot2_header))

    .balign 8
    .short TAG_ENTRY_ADDRESS, 0
    .long 12
    .long PHYS(x86_64_entry32)

    /* Any linear framebuffer, optional: under UEFI there is no text mode to fall back to, and
     * without this GRUB complains that it found no video mode. */
    .balign 8
    .short TAG_FRAMEBUFFER, TAG_OPTIONAL
    .long 20
    .long 0, 0, 0 /* width, height, depth: no preference */

    .balign 8
    .short TAG_END, 0
    .long 8
multiboot2_header_end:
