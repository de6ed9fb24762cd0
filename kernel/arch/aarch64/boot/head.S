// The kernel's first instructions: the Linux arm64 Image header, then the entry the loader jumps
// to with the MMU off, at whatever physical address it loaded us (x0 = DTB physical address).
//
// Until the MMU is on, the code runs at its physical address while linked at
// 0xffffffff80000000, so it uses only PC-relative addressing (adr/adrp) and no stack. Steps:
//   1. at EL2 (QEMU -cpu max with virtualization=on): configure EL2 to stay out of the way and
//      eret to EL1;
//   2. zero .bss (the page tables and stack live there);
//   3. build the early page tables (early_tables.S);
//   4. turn on the MMU and caches and jump to the link address;
//   5. set the stack and vectors, and call aarch64_boot_main(dtb_phys, image_phys) in C++.

#include <arch/aarch64/asm_defs.h>

    .section .text.head, "ax"
    .globl _head
_head:
    // Image header (Documentation/arch/arm64/booting.rst).
    b       primary_entry                // code0
    .long   0                            // code1
    .quad   0                            // text_offset: load at a 2 MiB boundary
    .quad   __kernel_size                // image_size, including .bss
    .quad   0xa                          // flags: little endian, 4 KiB pages, anywhere in RAM
    .quad   0, 0, 0                      // res2..res4
    .ascii  "ARM\x64"                    // magic
    .long   0                            // res5 (no PE header)

primary_entry:
    mov     x19, x0                      // DTB physical address, kept until C++
    msr     daifset, #0xf
    mrs     x0, CurrentEL
    lsr     x0, x0, #2
    cmp     x0, #2
    adr     x9, at_el1
    b.eq    aarch64_leave_el2            // erets to x9 = at_el1
    cmp     x0, #1
    b.ne    unsupported_el

at_el1:
    msr     spsel, #1                    // exceptions and the kernel use SP_EL1
    ldr     x0, =SCTLR_EL1_MMU_OFF
    msr     sctlr_el1, x0
    msr     cpacr_el1, xzr               // FP/SIMD traps: the kernel is general-registers only
    isb

    adrp    x20, __kernel_start          // physical load address of the image

    // Zero .bss with the MMU (and so the data cache) off: plain stores reach memory.
    adrp    x0, __bss_start
    add     x0, x0, :lo12:__bss_start
    adrp    x1, __bss_end
    add     x1, x1, :lo12:__bss_end
1:  cmp     x0, x1
    b.hs    2f
    stp     xzr, xzr, [x0], #16
    b       1b
2:
    bl      build_early_tables           // x20 = image physical base; clobbers x0..x15

    // Drop any stale cache lines over what we wrote with the caches off, so the first cached
    // reads (and the cacheable table walks) see memory.
    adrp    x0, __bss_start
    add     x0, x0, :lo12:__bss_start
    adrp    x1, __bss_end
    add     x1, x1, :lo12:__bss_end
    bl      invalidate_dcache_range

    ldr     x0, =MAIR_EL1_VALUE
    msr     mair_el1, x0
    mrs     x1, id_aa64mmfr0_el1
    and     x1, x1, #0xf                 // PARange
    cmp     x1, #TCR_IPS_MAX
    mov     x2, #TCR_IPS_MAX
    csel    x1, x1, x2, ls
    ldr     x0, =TCR_EL1_VALUE
    orr     x0, x0, x1, lsl #TCR_IPS_SHIFT
    msr     tcr_el1, x0
    adrp    x0, early_idmap_l0
    msr     ttbr0_el1, x0
    adrp    x0, early_kernel_l0
    msr     ttbr1_el1, x0
    isb
    tlbi    vmalle1
    ic      iallu
    dsb     nsh
    isb

    // From here to the branch the identity map keeps this code visible at its physical
    // address; it is the 2 MiB block around mmu_switch (early_tables.S).
    .globl  mmu_switch
mmu_switch:
    ldr     x0, =SCTLR_EL1_MMU_ON
    msr     sctlr_el1, x0
    isb
    ldr     x0, =higher_half             // link address: a literal, not PC-relative
    br      x0

higher_half:
    // The identity map has done its job; TTBR0 belongs to user space from now on.
    mrs     x0, tcr_el1
    orr     x0, x0, #TCR_EPD0
    msr     tcr_el1, x0
    msr     ttbr0_el1, xzr
    isb
    tlbi    vmalle1
    dsb     nsh
    isb

    adrp    x0, boot_stack_top
    add     x0, x0, :lo12:boot_stack_top
    mov     sp, x0
    adrp    x0, exception_vectors
    add     x0, x0, :lo12:exception_vectors
    msr     vbar_el1, x0
    isb

    mov     x29, xzr                     // terminates backtraces
    mov     x30, xzr
    mov     x0, x19
    mov     x1, x20
    bl      aarch64_boot_main
3:  wfi
    b       3b

// Entered at EL2: let EL1 run AArch64 with the counters and GIC system registers it needs,
// without stage 2 translation, and eret to x9 (a physical address) at EL1h with interrupts
// masked. Shared with secondary CPUs (smp/secondary_entry.S), which PSCI also starts at EL2.
// Clobbers x0 and x1.
    .globl  aarch64_leave_el2
aarch64_leave_el2:
    ldr     x0, =HCR_EL2_RW
    msr     hcr_el2, x0
    mrs     x0, cnthctl_el2
    orr     x0, x0, #(CNTHCTL_EL2_EL1PCTEN | CNTHCTL_EL2_EL1PCEN)
    msr     cnthctl_el2, x0
    msr     cntvoff_el2, xzr
    ldr     x0, =CPTR_EL2_RES1
    msr     cptr_el2, x0
    msr     hstr_el2, xzr
    msr     vttbr_el2, xzr
    // EL1 reads of MIDR/MPIDR return these; their reset values are UNKNOWN.
    mrs     x0, midr_el1
    msr     vpidr_el2, x0
    mrs     x0, mpidr_el1
    msr     vmpidr_el2, x0
    // With a GICv3 CPU interface, EL1 may only use its system registers if EL2 allows it.
    mrs     x0, id_aa64pfr0_el1
    ubfx    x0, x0, #ID_AA64PFR0_GIC_SHIFT, #4
    cbz     x0, 1f
    mrs     x0, S3_4_C12_C9_5            // ICC_SRE_EL2
    mov     x1, #(ICC_SRE_EL2_SRE | ICC_SRE_EL2_ENABLE)
    orr     x0, x0, x1
    msr     S3_4_C12_C9_5, x0
    isb
1:  ldr     x0, =SCTLR_EL1_MMU_OFF
    msr     sctlr_el1, x0
    mov     x0, #SPSR_EL1H_MASKED
    msr     spsr_el2, x0
    msr     elr_el2, x9
    eret

// Entered at EL3 (or EL0): not a Linux Image boot. There is no console yet to say so; park.
    .globl  aarch64_unsupported_el
aarch64_unsupported_el:
unsupported_el:
    wfe
    b       unsupported_el

// Invalidates data cache lines over [x0, x1) to the point of coherency. Clobbers x0..x3.
invalidate_dcache_range:
    mrs     x3, ctr_el0
    ubfx    x3, x3, #16, #4              // DminLine: log2 of words per line
    mov     x2, #4
    lsl     x2, x2, x3                   // line size in bytes
    sub     x3, x2, #1
    bic     x0, x0, x3
1:  dc      ivac, x0
    add     x0, x0, x2
    cmp     x0, x1
    b.lo    1b
    dsb     sy
    ret

    .ltorg

    .section .bss.boot_stack, "aw", %nobits
    .balign 16
boot_stack:
    .space  BOOT_STACK_SIZE
    .globl  boot_stack_top
boot_stack_top:
