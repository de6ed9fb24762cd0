/* Constants the user entry assembly shares with C++ (#defines only, so .S files can include it).
 * user_mode.cpp checks each against the C++ definition it mirrors. */
#pragma once

/* Ring-3 selectors with RPL 3 (include/arch/user_mode.h). */
#define USER_DATA_SELECTOR 0x1b
#define USER_CODE_SELECTOR 0x23

/* TrapFrame::vector of a frame built by the syscall entry. */
#define SYSCALL_FRAME_VECTOR 0x100

/* The syscall the entry answers itself (syscall/fast_path.cpp), and the end of user space
 * (core/layout.h): sysretq only returns to a rip below it. */
#define SYSCALL_CLOCK_GET 37
#define USER_SPACE_END 0x4000000000

/* CpuLocal::arch_scratch words at gs:<offset> (include/arch/cpu_local.h). */
#define GS_USER_RSP 16     /* arch_scratch[2]: the user rsp, for the instructions it is in flight */
#define GS_KERNEL_STACK 24 /* arch_scratch[3]: the current thread's kernel stack top */

/* TrapFrame offsets (include/arch/trap_frame.h). */
#define FRAME_GPRS_SIZE (15 * 8) /* r15 .. rax */
#define FRAME_RIP (17 * 8)
#define FRAME_CS (18 * 8)
#define FRAME_RSP (20 * 8)
#define FRAME_SIZE (22 * 8)

/* IA32_GS_BASE, read by the paranoid entry of IST vectors. */
#define MSR_GS_BASE 0xc0000101
