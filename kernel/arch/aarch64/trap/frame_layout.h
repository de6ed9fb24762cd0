#pragma once
// The TrapFrame layout (include/arch/trap_frame.h) as the assembly in trap/vectors.S sees it. Kept
// apart from asm_defs.h because generic code includes <arch/trap_frame.h>, and these macros are
// all it should see.
//
// x0..x30, then sp, elr, spsr, esr, far and a frame record {x29, elr} that links the handler's
// backtrace to the interrupted code.
#define TRAP_FRAME_X0 0
#define TRAP_FRAME_SP (31 * 8)
#define TRAP_FRAME_ELR (32 * 8)
#define TRAP_FRAME_SPSR (33 * 8)
#define TRAP_FRAME_ESR (34 * 8)
#define TRAP_FRAME_FAR (35 * 8)
#define TRAP_FRAME_RECORD (36 * 8)
#define TRAP_FRAME_SIZE (38 * 8)
