// The early page tables, built with the MMU off (so only PC-relative addressing) by
// build_early_tables, called from head.S with x20 = the image's physical base:
//
//   TTBR1 (kernel half): L0[511] -> L1. L1[510] -> L2 -> L3 tables that map the image at its link
//     address with 4 KiB pages: text read-only executable, rodata and the symbol table read-only,
//     everything else read-write execute-never. The same L1 gets the direct map and the device
//     window later, from C++ (mmu/early_mmu.cpp).
//   TTBR0 (identity): the 2 MiB block around mmu_switch, just long enough to turn the MMU on and
//     branch to the link address. head.S switches TTBR0 off right after; mmu/switch_table.S uses
//     it once more to replace TTBR1 with the kernel table.

#include <arch/aarch64/asm_defs.h>

#define KERNEL_L0_INDEX ((KERNEL_IMAGE_BASE >> L0_SHIFT) & TABLE_INDEX_MASK)
#define KERNEL_L1_INDEX ((KERNEL_IMAGE_BASE >> L1_SHIFT) & TABLE_INDEX_MASK)
#define KERNEL_L2_INDEX ((KERNEL_IMAGE_BASE >> L2_SHIFT) & TABLE_INDEX_MASK)

#define IMAGE_TEXT (DESC_PAGE | DESC_AF | DESC_SH_INNER | DESC_ATTR_NORMAL | DESC_AP_READ_ONLY | DESC_UXN)
#define IMAGE_READ_ONLY (IMAGE_TEXT | DESC_PXN)
#define IMAGE_READ_WRITE (DESC_PAGE | DESC_AF | DESC_SH_INNER | DESC_ATTR_NORMAL | DESC_PXN | DESC_UXN)
#define IDMAP_BLOCK (DESC_BLOCK | DESC_AF | DESC_SH_INNER | DESC_ATTR_NORMAL | DESC_UXN)

    .section .text.boot, "ax"
    .globl  build_early_tables
build_early_tables:
    // Kernel half: L0 -> L1 -> image L2 -> image L3 tables (contiguous, so the image's page
    // entries form one array indexed by page number).
    adrp    x0, early_kernel_l0
    adrp    x1, early_kernel_l1
    orr     x2, x1, #DESC_TABLE
    str     x2, [x0, #(KERNEL_L0_INDEX * 8)]
    adrp    x0, early_image_l2
    orr     x2, x0, #DESC_TABLE
    str     x2, [x1, #(KERNEL_L1_INDEX * 8)]
    adrp    x3, early_image_l3
    add     x0, x0, #(KERNEL_L2_INDEX * 8)
    mov     x4, #IMAGE_L3_TABLES
1:  orr     x2, x3, #DESC_TABLE
    str     x2, [x0], #8
    add     x3, x3, #PAGE_SIZE
    subs    x4, x4, #1
    b.ne    1b

    // Image pages, with permissions by section (all boundaries are page aligned: linker.ld).
    adrp    x0, early_image_l3
    mov     x5, x20                      // physical address of the page being mapped
    adrp    x6, __kernel_end
    adrp    x7, __text_end
    adrp    x8, __rodata_start
    adrp    x9, __rodata_end
    adrp    x10, __image_read_only_tail
    ldr     x11, =IMAGE_TEXT
    ldr     x12, =IMAGE_READ_ONLY
    ldr     x13, =IMAGE_READ_WRITE
2:  cmp     x5, x6
    b.hs    4f
    mov     x2, x11
    cmp     x5, x7
    b.lo    3f
    mov     x2, x12
    cmp     x5, x10
    b.hs    3f
    cmp     x5, x8
    csel    x2, x13, x2, lo
    cmp     x5, x9
    csel    x2, x13, x2, hs
3:  orr     x2, x2, x5
    str     x2, [x0], #8
    add     x5, x5, #PAGE_SIZE
    b       2b
4:
    // Identity map of the 2 MiB block that holds mmu_switch.
    adrp    x1, mmu_switch
    add     x1, x1, :lo12:mmu_switch
    adrp    x0, early_idmap_l0
    adrp    x3, early_idmap_l1
    adrp    x4, early_idmap_l2
    ubfx    x2, x1, #L0_SHIFT, #9
    orr     x5, x3, #DESC_TABLE
    str     x5, [x0, x2, lsl #3]
    ubfx    x2, x1, #L1_SHIFT, #9
    orr     x5, x4, #DESC_TABLE
    str     x5, [x3, x2, lsl #3]
    ubfx    x2, x1, #L2_SHIFT, #9
    lsr     x5, x1, #BLOCK_2M_SHIFT
    lsl     x5, x5, #BLOCK_2M_SHIFT
    ldr     x6, =IDMAP_BLOCK
    orr     x5, x5, x6
    str     x5, [x4, x2, lsl #3]
    dsb     sy
    ret

    .ltorg

    .section .bss.page_tables, "aw", %nobits
    .balign PAGE_SIZE
    .globl  early_kernel_l0, early_kernel_l1, early_image_l2, early_image_l3, early_idmap_l0
early_kernel_l0:
    .space  PAGE_SIZE
early_kernel_l1:
    .space  PAGE_SIZE
early_image_l2:
    .space  PAGE_SIZE
early_image_l3:
    .space  PAGE_SIZE * IMAGE_L3_TABLES
early_idmap_l0:
    .space  PAGE_SIZE
early_idmap_l1:
    .space  PAGE_SIZE
early_idmap_l2:
    .space  PAGE_SIZE
