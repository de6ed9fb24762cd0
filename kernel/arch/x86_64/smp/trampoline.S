/* The real-mode entry of a secondary CPU. Smp::start_cpu() copies this blob to a page below
 * 1 MiB and sends a startup IPI whose vector is that page's number; the CPU begins here in real
 * mode at CS = page << 8, IP = 0, with paging off and interrupts masked. The parameter block at
 * TRAMPOLINE_PARAMS (struct ApTrampolineParams in start_cpu.cpp) holds page-relative addresses
 * that start_cpu() turns into physical ones, the temporary tables and what the kernel entry
 * needs; the blob itself is position independent in the real-mode part. */

#include "../boot/boot_layout.h"
#include "trampoline_layout.h"

#define MSR_EFER 0xc0000080
#define EFER_LME (1 << 8)
#define EFER_NXE (1 << 11)
#define CR4_PAE (1 << 5)
#define CR0_PE (1 << 0)
#define CR0_WP (1 << 16)
#define CR0_PG (1 << 31)
#define TRAMPOLINE_CODE32 0x08
#define TRAMPOLINE_DATA 0x10
#define TRAMPOLINE_CODE64 0x18

    .section .rodata.x86_64_ap_trampoline, "a"
    .global x86_64_ap_trampoline, x86_64_ap_trampoline_end
x86_64_ap_trampoline:
    .code16
    cli
    cld
    mov %cs, %ax
    mov %ax, %ds
    /* ebx = the page's physical address, kept through protected mode into long mode. */
    xor %ebx, %ebx
    mov %ax, %bx
    shl $4, %ebx
    lgdtl TRAMPOLINE_PARAMS + PARAM_GDT_LIMIT
    mov %cr0, %eax
    or $CR0_PE, %eax
    mov %eax, %cr0
    ljmpl *(TRAMPOLINE_PARAMS + PARAM_FAR32)

    .code32
trampoline_protected:
    mov $TRAMPOLINE_DATA, %ax
    mov %ax, %ds
    mov %ax, %es
    mov %ax, %ss
    mov %ax, %fs
    mov %ax, %gs
    mov %cr4, %eax
    or $CR4_PAE, %eax
    mov %eax, %cr4
    mov (TRAMPOLINE_PARAMS + PARAM_TEMPORARY_CR3)(%ebx), %eax
    mov %eax, %cr3
    /* NXE before paging: the kernel table marks data execute-disable, a reserved bit without it
     * (the boot CPU checked the CPU has NX). */
    mov $MSR_EFER, %ecx
    rdmsr
    or $(EFER_LME | EFER_NXE), %eax
    wrmsr
    mov %cr0, %eax
    or $(CR0_PG | CR0_WP), %eax
    mov %eax, %cr0
    ljmp *(TRAMPOLINE_PARAMS + PARAM_FAR64)(%ebx)

    .code64
trampoline_long:
    mov %ebx, %ebx /* the upper half of rbx is undefined after compatibility mode */
    mov (TRAMPOLINE_PARAMS + PARAM_KERNEL_CR3)(%rbx), %rsi
    mov (TRAMPOLINE_PARAMS + PARAM_STACK_TOP)(%rbx), %rsp
    mov (TRAMPOLINE_PARAMS + PARAM_CPU)(%rbx), %rdi
    mov (TRAMPOLINE_PARAMS + PARAM_ENTRY)(%rbx), %rax
    /* Every parameter is in a register: the boot CPU may reuse the block for the next CPU. */
    movl $1, (TRAMPOLINE_PARAMS + PARAM_STARTED)(%rbx)
    jmp *%rax

    .balign 8
trampoline_gdt:
    .quad 0
    .quad 0x00cf9a000000ffff /* 0x08: 32-bit code, flat */
    .quad 0x00cf92000000ffff /* 0x10: data, flat */
    .quad 0x00af9a000000ffff /* 0x18: 64-bit code */
trampoline_gdt_end:

    .org TRAMPOLINE_PARAMS
    .word 0, 0, 0
    .word trampoline_gdt_end - trampoline_gdt - 1     /* PARAM_GDT_LIMIT */
    .long trampoline_gdt - x86_64_ap_trampoline       /* PARAM_GDT_BASE (+ page) */
    .long trampoline_protected - x86_64_ap_trampoline /* PARAM_FAR32 (+ page) */
    .word TRAMPOLINE_CODE32, 0
    .long trampoline_long - x86_64_ap_trampoline      /* PARAM_FAR64 (+ page) */
    .word TRAMPOLINE_CODE64, 0
    .long 0 /* PARAM_TEMPORARY_CR3 */
    .quad 0 /* PARAM_KERNEL_CR3 */
    .quad 0 /* PARAM_STACK_TOP */
    .quad 0 /* PARAM_CPU */
    .quad 0 /* PARAM_ENTRY */
    .long 0 /* PARAM_STARTED */
    .long 0
x86_64_ap_trampoline_end:

/* The first kernel-image instructions of a secondary CPU, still on the temporary tables (which
 * map the whole kernel half): rdi = its CpuLocal, rsi = the kernel table root, rsp = its stack. A
 * zero frame pointer and return address end every backtrace here. */
    .text
    .global x86_64_ap_entry64
x86_64_ap_entry64:
    xor %ebp, %ebp
    push $0
    jmp x86_64_ap_main
