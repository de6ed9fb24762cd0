#pragma once
// The TrapFrame layout (include/arch/trap_frame.h) as the assembly in trap/vectors.S sees it. Kept
// apart from asm_defs.h because generic code includes <arch/trap_frame.h>, and these macros are
// all it should see.
//
// x0..x30, then sp, elr, spsr, esr, far, the user thread pointer (TPIDR_EL0), one word of padding
// and a frame record {x29, elr} that links the handler's backtrace to the interrupted code.
#define TRAP_FRAME_X0 0
#define TRAP_FRAME_SP (31 * 8)
#define TRAP_FRAME_ELR (32 * 8)
#define TRAP_FRAME_SPSR (33 * 8)
#define TRAP_FRAME_ESR (34 * 8)
#define TRAP_FRAME_FAR (35 * 8)
#define TRAP_FRAME_TPIDR_EL0 (36 * 8)
#define TRAP_FRAME_RECORD (38 * 8)
#define TRAP_FRAME_SIZE (40 * 8)

// SPSR_EL1.M[3:0]: the exception level and stack the exception came from; 0 is EL0 (EL0t).
#define SPSR_MODE_MASK 0xf
