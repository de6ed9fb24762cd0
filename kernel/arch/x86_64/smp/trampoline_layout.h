/* Where the parameter block sits in the trampoline page, and its fields; shared by
 * trampoline.S and start_cpu.cpp (which checks them against its struct). #defines only. */
#pragma once

#define TRAMPOLINE_PARAMS 0xf00
#define PARAM_GDT_LIMIT 0x06
#define PARAM_GDT_BASE 0x08
#define PARAM_FAR32 0x0c
#define PARAM_FAR64 0x14
#define PARAM_TEMPORARY_CR3 0x1c
#define PARAM_KERNEL_CR3 0x20
#define PARAM_STACK_TOP 0x28
#define PARAM_CPU 0x30
#define PARAM_ENTRY 0x38
#define PARAM_STARTED 0x40
#define TRAMPOLINE_PARAMS_SIZE 0x48
