/* The 32-bit entry GRUB jumps to (multiboot2 i386 machine state: protected mode, paging off,
 * flat segments, eax = magic, ebx = physical address of the information structure, no stack,
 * GDTR and IDTR not valid). It checks for long mode, clears .bss, builds the boot page tables
 * (see include/arch/mmu.h), enables PAE, EFER.LME/NXE and paging, and far-jumps to 64-bit code,
 * which moves to the higher half and calls x86_64_main(info_phys). */
#include "boot_layout.h"

#define MULTIBOOT2_BOOTLOADER_MAGIC 0x36d76289
#define MSR_EFER 0xc0000080
#define EFER_LME (1 << 8)
#define EFER_NXE (1 << 11)
#define CR4_PAE (1 << 5)
#define CR0_PE (1 << 0)
#define CR0_WP (1 << 16)
#define CR0_PG (1 << 31)
#define CPUID_EXTENDED_MAX 0x80000000
#define CPUID_EXTENDED_FEATURES 0x80000001
#define CPUID_EDX_NX (1 << 20)
#define CPUID_EDX_LONG_MODE (1 << 29)
#define COM1 0x3f8

#define TABLE_ENTRY (PTE_PRESENT | PTE_WRITABLE)
#define PML4_INDEX(va) (((va) >> 39) & 511)
#define PDPT_INDEX(va) (((va) >> 30) & 511)

    .section .boot.text, "ax"
    .code32
    .global x86_64_entry32
x86_64_entry32:
    cli
    cld
    mov %ebx, %esi /* the information structure, kept in esi until C++ */
    cmp $MULTIBOOT2_BOOTLOADER_MAGIC, %eax
    jne .Lnot_multiboot2

    /* Long mode? (CPUID 0x80000001 EDX.LM) */
    mov $CPUID_EXTENDED_MAX, %eax
    cpuid
    cmp $CPUID_EXTENDED_FEATURES, %eax
    jb .Lno_long_mode
    mov $CPUID_EXTENDED_FEATURES, %eax
    cpuid
    test $CPUID_EDX_LONG_MODE, %edx
    jz .Lno_long_mode
    mov %edx, %ebp /* feature bits, for NX below */

    /* Clear .bss (GRUB zeroes it too, but the specification does not promise that). */
    mov $PHYS(__bss_start), %edi
    mov $PHYS(__bss_end), %ecx
    sub %edi, %ecx
    shr $2, %ecx
    xor %eax, %eax
    rep stosl

    /* The direct map: 2 MiB pages for physical 0 .. BOOT_DIRECT_MAP_PDS GiB, write back. Entry i
     * maps i << 21, whose high half is i >> 11. */
    mov $PHYS(x86_64_boot_direct_pds), %edi
    xor %ecx, %ecx
1:  mov %ecx, %eax
    shl $21, %eax
    or $(PTE_PRESENT | PTE_WRITABLE | PTE_LARGE), %eax
    mov %eax, (%edi)
    mov %ecx, %eax
    shr $11, %eax
    mov %eax, 4(%edi)
    add $8, %edi
    inc %ecx
    cmp $(BOOT_DIRECT_MAP_PDS * 512), %ecx
    jne 1b

    /* The high PDPT (the top 512 GiB) points at the directories, from the direct map base on. */
    mov $(PHYS(x86_64_boot_direct_pds) + TABLE_ENTRY), %eax
    mov $(PHYS(x86_64_boot_pdpt_high) + 8 * PDPT_INDEX(0xffffffc000000000)), %edi
    mov $BOOT_DIRECT_MAP_PDS, %ecx
2:  mov %eax, (%edi)
    add $4096, %eax
    add $8, %edi
    loop 2b

    /* The kernel image window (the top 2 GiB) reuses the first two directories: the image is
     * linked at KERNEL_VMA + its physical address. */
    movl $(PHYS(x86_64_boot_direct_pds) + TABLE_ENTRY), PHYS(x86_64_boot_pdpt_high) + 8 * 510
    movl $(PHYS(x86_64_boot_direct_pds) + 4096 + TABLE_ENTRY), PHYS(x86_64_boot_pdpt_high) + 8 * 511
    /* The device window's directory; map_device() fills it. */
    movl $(PHYS(x86_64_boot_device_pd) + TABLE_ENTRY), PHYS(x86_64_boot_pdpt_high) + 8 * PDPT_INDEX(0xffffffe000000000)
    /* Identity map of the first GiB, for the instructions between enabling paging and the jump
     * to the higher half. */
    movl $(PHYS(x86_64_boot_direct_pds) + TABLE_ENTRY), PHYS(x86_64_boot_pdpt_low)
    movl $(PHYS(x86_64_boot_pdpt_low) + TABLE_ENTRY), PHYS(x86_64_boot_pml4)
    movl $(PHYS(x86_64_boot_pdpt_high) + TABLE_ENTRY), PHYS(x86_64_boot_pml4) + 8 * 511

    mov %cr4, %eax
    or $CR4_PAE, %eax
    mov %eax, %cr4
    mov $PHYS(x86_64_boot_pml4), %eax
    mov %eax, %cr3

    mov $MSR_EFER, %ecx
    rdmsr
    or $EFER_LME, %eax
    test $CPUID_EDX_NX, %ebp
    jz 3f
    or $EFER_NXE, %eax
3:  wrmsr

    mov %cr0, %eax
    or $(CR0_PE | CR0_WP | CR0_PG), %eax
    mov %eax, %cr0

    lgdt PHYS(boot_gdt_pointer)
    ljmp $KERNEL_CODE_SELECTOR, $PHYS(.Llong_mode_low)

.Lnot_multiboot2:
    mov $PHYS(message_not_multiboot2), %ebx
    jmp boot_fail
.Lno_long_mode:
    mov $PHYS(message_no_long_mode), %ebx
    jmp boot_fail

/* Prints the string at ebx on COM1 (firmware has set it up, or it is QEMU's) and stops: there
 * is no console yet, and nothing else could report the problem. */
boot_fail:
    mov $(COM1 + 5), %dx
4:  in %dx, %al
    test $0x20, %al /* transmitter holding register empty */
    jz 4b
    movb (%ebx), %al
    test %al, %al
    jz 5f
    mov $COM1, %dx
    out %al, %dx
    inc %ebx
    jmp boot_fail
5:  cli
    hlt
    jmp 5b

    .code64
.Llong_mode_low:
    mov $KERNEL_DATA_SELECTOR, %ax
    mov %ax, %ds
    mov %ax, %es
    mov %ax, %ss
    xor %eax, %eax
    mov %ax, %fs
    mov %ax, %gs
    movabs $x86_64_entry64, %rax
    jmp *%rax

    .text
x86_64_entry64:
    movabs $(x86_64_boot_stack + BOOT_STACK_SIZE), %rsp
    /* A zero frame pointer and return address end every backtrace here. */
    xor %ebp, %ebp
    push $0
    mov %esi, %edi /* x86_64_main(info_phys), zero-extended */
    jmp x86_64_main

    .section .rodata
    .balign 8
boot_gdt:
    .quad 0
    .quad 0x00af9a000000ffff /* 0x08: 64-bit code, DPL 0 */
    .quad 0x00cf92000000ffff /* 0x10: data, DPL 0 */
boot_gdt_end:
boot_gdt_pointer:
    .word boot_gdt_end - boot_gdt - 1
    .long PHYS(boot_gdt)

message_not_multiboot2:
    .asciz "Mica: not started by a multiboot2 loader (bad magic in eax); halting.\r\n"
message_no_long_mode:
    .asciz "Mica: this CPU has no 64-bit long mode; halting.\r\n"

    .section .bss.boot, "aw", @nobits
    .balign 4096
    .global x86_64_boot_pml4, x86_64_boot_pdpt_high, x86_64_boot_device_pd
x86_64_boot_pml4:
    .skip 4096
x86_64_boot_pdpt_low:
    .skip 4096
x86_64_boot_pdpt_high:
    .skip 4096
x86_64_boot_device_pd:
    .skip 4096
x86_64_boot_direct_pds:
    .skip 4096 * BOOT_DIRECT_MAP_PDS
    .global x86_64_boot_stack
    .balign 16
x86_64_boot_stack:
    .skip BOOT_STACK_SIZE
