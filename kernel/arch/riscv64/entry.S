// The riscv64 kernel entry: the Linux RISC-V Image header, then the code OpenSBI jumps to in
// S-mode with the MMU off, a0 = hart id and a1 = the DTB's physical address. It runs at the
// physical load address although the kernel is linked at kKernelImageBase, so until the jump to
// the higher half everything here is position independent (lla is auipc + addi).
//
// Early Sv39 page tables (all in .bss; include/arch/mmu.h has the Pte layout they follow):
//   root[256..383]  1 GiB pages: physical 0..128 GiB at kDirectMapBase (RAM and boot blobs)
//   root[384]       -> riscv64_device_table, filled later by EarlyMmu::map_device()
//   root[510]       -> riscv64_image_table: 2 MiB pages mapping the image at kKernelImageBase
//   root[pa >> 30]  identity 1 GiB page around the load address, only while switching

    .option norelax

    // Sv39 PTE bits (Privileged spec, "Sv39: Page-Based 39-bit Virtual-Memory System").
    .equ PTE_V, 1 << 0
    .equ PTE_R, 1 << 1
    .equ PTE_W, 1 << 2
    .equ PTE_X, 1 << 3
    .equ PTE_G, 1 << 5
    .equ PTE_A, 1 << 6
    .equ PTE_D, 1 << 7
    // A and D preset: nothing is ever swapped, and hardware need not update them.
    .equ DIRECT_MAP_FLAGS, PTE_V | PTE_R | PTE_W | PTE_G | PTE_A | PTE_D
    // One RWX mapping for the whole image: these tables live only until kernel_main switches to
    // the kernel table, which maps the image W^X (kernel/vm/kernel_address_space.cpp).
    .equ IMAGE_FLAGS, PTE_V | PTE_R | PTE_W | PTE_X | PTE_G | PTE_A | PTE_D
    .equ IDENTITY_FLAGS, PTE_V | PTE_R | PTE_X | PTE_A

    .equ DIRECT_MAP_FIRST, 256         // vpn[2] of kDirectMapBase (0xffffffc000000000)
    .equ DIRECT_MAP_GIGAPAGES, 128     // kDirectMapMaxSize / 1 GiB
    .equ DEVICE_MAP_INDEX, 384         // vpn[2] of kDeviceMapBase (0xffffffe000000000)
    .equ IMAGE_INDEX, 510              // vpn[2] of kKernelImageBase (0xffffffff80000000)
    .equ MEGAPAGE_SHIFT, 21
    .equ GIGAPAGE_SHIFT, 30
    .equ SV39_IDENTITY_LIMIT_SHIFT, 38 // identity-mapped addresses must be below 256 GiB
    .equ SATP_MODE_SV39, 8 << 60
    .equ SSTATUS_SIE, 1 << 1
    .equ SSTATUS_FS, 3 << 13
    .equ SSTATUS_SUM, 1 << 18
    .equ SBI_LEGACY_PUTCHAR, 0x01
    .equ SBI_SRST, 0x53525354

// The 64-byte Image header (Documentation/riscv/boot-image-header.rst in Linux). Loaders that
// parse it learn the load alignment and how much memory the image needs including .bss.
    .section .text.head, "ax"
    .option push
    .option norvc
    .globl _start
_start:
    j riscv64_entry                    // code0: jump over the header
    .word 0                            // code1
    .quad 0x200000                     // text_offset: RV64 images load 2 MiB into a 2 MiB block
    .quad __kernel_image_size          // image_size, from the linker script (covers .bss)
    .quad 0                            // flags: little endian
    .word 2                            // version 0.2
    .word 0                            // res1
    .quad 0                            // res2
    .ascii "RISCV\0\0\0"               // magic (deprecated, still checked by some loaders)
    .ascii "RSC\x05"                   // magic2
    .word 0                            // res3 (PE header offset; no EFI stub)
    .option pop

    .section .text.boot, "ax"
riscv64_entry:
    // No interrupts until the kernel installs its own handling; no FPU (FS Off makes any
    // floating-point instruction trap); no access to user pages.
    csrw sie, zero
    li t0, SSTATUS_SIE | SSTATUS_FS | SSTATUS_SUM
    csrc sstatus, t0

    mv s1, a0                          // hart id
    mv s2, a1                          // DTB, physical
    lla s3, __kernel_start             // where the loader put us, physical

    li t0, (1 << MEGAPAGE_SHIFT) - 1
    and t0, s3, t0
    lla a0, .Lmessage_misaligned
    bnez t0, .Learly_fail
    srli t0, s3, SV39_IDENTITY_LIMIT_SHIFT
    lla a0, .Lmessage_too_high
    bnez t0, .Learly_fail

    // .bss holds the page tables and the boot stack; the loader need not have zeroed it.
    lla t0, __bss_start
    lla t1, __bss_end
1:  bgeu t0, t1, 2f
    sd zero, 0(t0)
    addi t0, t0, 8
    j 1b
2:
    lla s4, riscv64_early_root_table

    // Direct map: root[256 + i] = 1 GiB page at physical i GiB. PTE = (pa >> 12) << 10 | flags.
    li t0, 0
    li t1, DIRECT_MAP_GIGAPAGES
    li t2, DIRECT_MAP_FIRST * 8
    add t2, s4, t2
3:  slli t3, t0, GIGAPAGE_SHIFT - 2
    ori t3, t3, DIRECT_MAP_FLAGS
    sd t3, 0(t2)
    addi t2, t2, 8
    addi t0, t0, 1
    bltu t0, t1, 3b

    // Device window: an empty next-level table that map_device() fills.
    lla t0, riscv64_device_table
    srli t0, t0, 2
    ori t0, t0, PTE_V
    li t1, DEVICE_MAP_INDEX * 8
    add t1, s4, t1
    sd t0, 0(t1)

    // Kernel image: root[510] -> image table, whose 2 MiB pages map the image from s3 on.
    lla t0, riscv64_image_table
    srli t1, t0, 2
    ori t1, t1, PTE_V
    li t2, IMAGE_INDEX * 8
    add t2, s4, t2
    sd t1, 0(t2)
    lla t1, __kernel_end               // t1 = physical end of the image
    mv t2, s3                          // t2 = physical address being mapped
4:  srli t3, t2, 2
    ori t3, t3, IMAGE_FLAGS
    sd t3, 0(t0)
    addi t0, t0, 8
    li t3, 1 << MEGAPAGE_SHIFT
    add t2, t2, t3
    bltu t2, t1, 4b

    // Identity gigapage around the load address, so the instructions after `csrw satp` can
    // still be fetched. Removed again once running in the higher half.
    srli t0, s3, GIGAPAGE_SHIFT
    slli t1, t0, GIGAPAGE_SHIFT - 2
    ori t1, t1, IDENTITY_FLAGS
    slli t0, t0, 3
    add t0, s4, t0
    sd t1, 0(t0)

    srli t0, s4, 12
    li t1, SATP_MODE_SV39
    or t0, t0, t1
    sfence.vma
    csrw satp, t0
    sfence.vma

    ld t0, .Lhigher_half_address       // an absolute (linked) address, loaded PC-relative
    jr t0

.Lhigher_half:
    // Running at kKernelImageBase now, so lla yields virtual addresses.
    lla t0, riscv64_early_root_table
    srli t1, s3, GIGAPAGE_SHIFT
    slli t1, t1, 3
    add t0, t0, t1
    sd zero, 0(t0)
    sfence.vma

    lla sp, riscv64_boot_stack_top
    li s0, 0                           // a zero frame pointer ends every backtrace here
    li gp, 0                           // no gp-relative data: everything is built -mno-relax
    li tp, 0                           // until smp::init_boot_cpu installs this hart's CpuLocal
    // Traps come from S-mode only for now; sscratch = 0 marks "already on a kernel stack" for
    // the user-mode entry that will use it.
    csrw sscratch, zero
    lla t0, riscv64_trap_entry
    csrw stvec, t0

    mv a0, s1
    mv a1, s2
    mv a2, s3
    call riscv64_boot_main
5:  wfi                                // riscv64_boot_main does not return
    j 5b

// Prints the NUL-terminated string at a0 through the SBI console, asks SBI to power off with a
// failure reason, and parks the hart if even that does not work. Used only before the MMU is on.
.Learly_fail:
    mv s5, a0
6:  lbu a0, 0(s5)
    beqz a0, 7f
    li a7, SBI_LEGACY_PUTCHAR
    ecall
    addi s5, s5, 1
    j 6b
7:  li a0, 0                           // shutdown
    li a1, 1                           // system failure
    li a6, 0
    li a7, SBI_SRST
    ecall
8:  wfi
    j 8b

    .section .rodata.boot, "a"
    .balign 8
.Lhigher_half_address:
    .quad .Lhigher_half
.Lmessage_misaligned:
    .asciz "\r\nmica: the kernel Image must be loaded at a 2 MiB aligned address\r\n"
.Lmessage_too_high:
    .asciz "\r\nmica: the kernel Image must be loaded below 256 GiB (Sv39 identity map)\r\n"

    .section .bss.page_tables, "aw", @nobits
    .balign 4096
    .globl riscv64_early_root_table, riscv64_device_table
riscv64_early_root_table:
    .space 4096
riscv64_image_table:
    .space 4096
riscv64_device_table:
    .space 4096

    .section .bss.boot_stack, "aw", @nobits
    .balign 16
riscv64_boot_stack:
    .space 64 * 1024
riscv64_boot_stack_top:
