// The exception vector table (VBAR_EL1): 4 groups (current EL with SP_EL0, current EL with
// SP_ELx, lower EL AArch64, lower EL AArch32) x 4 kinds (synchronous, IRQ, FIQ, SError), 0x80
// bytes each. Every entry saves a full TrapFrame on the current stack and calls
// aarch64_handle_trap(frame, vector index) in trap/trap.cpp, then restores the frame (which the
// handler may have changed, e.g. to skip the faulting instruction) and returns with eret.

#include <arch/aarch64/asm_defs.h>

.macro vector_entry index
    .balign 0x80
    sub     sp, sp, #TRAP_FRAME_SIZE
    stp     x0, x1, [sp, #(TRAP_FRAME_X0 + 0 * 8)]
    mov     x0, #\index
    b       trap_common
.endm

    .section .text.vectors, "ax"
    .balign 2048
    .globl  exception_vectors
exception_vectors:
    .irp index, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
    vector_entry \index
    .endr

// x0 = vector index; x0 and x1 of the interrupted context are already saved.
trap_common:
    stp     x2, x3, [sp, #(TRAP_FRAME_X0 + 2 * 8)]
    stp     x4, x5, [sp, #(TRAP_FRAME_X0 + 4 * 8)]
    stp     x6, x7, [sp, #(TRAP_FRAME_X0 + 6 * 8)]
    stp     x8, x9, [sp, #(TRAP_FRAME_X0 + 8 * 8)]
    stp     x10, x11, [sp, #(TRAP_FRAME_X0 + 10 * 8)]
    stp     x12, x13, [sp, #(TRAP_FRAME_X0 + 12 * 8)]
    stp     x14, x15, [sp, #(TRAP_FRAME_X0 + 14 * 8)]
    stp     x16, x17, [sp, #(TRAP_FRAME_X0 + 16 * 8)]
    stp     x18, x19, [sp, #(TRAP_FRAME_X0 + 18 * 8)]
    stp     x20, x21, [sp, #(TRAP_FRAME_X0 + 20 * 8)]
    stp     x22, x23, [sp, #(TRAP_FRAME_X0 + 22 * 8)]
    stp     x24, x25, [sp, #(TRAP_FRAME_X0 + 24 * 8)]
    stp     x26, x27, [sp, #(TRAP_FRAME_X0 + 26 * 8)]
    stp     x28, x29, [sp, #(TRAP_FRAME_X0 + 28 * 8)]
    // The interrupted stack pointer: SP_EL0 for exceptions from EL0 (groups 2 and 3), else the
    // stack we are on, as it was before the frame was pushed.
    add     x2, sp, #TRAP_FRAME_SIZE
    cmp     x0, #8
    b.lo    1f
    mrs     x2, sp_el0
1:  stp     x30, x2, [sp, #(TRAP_FRAME_X0 + 30 * 8)]
    mrs     x3, elr_el1
    mrs     x4, spsr_el1
    stp     x3, x4, [sp, #TRAP_FRAME_ELR]
    mrs     x5, esr_el1
    mrs     x6, far_el1
    stp     x5, x6, [sp, #TRAP_FRAME_ESR]
    // Frame record {interrupted x29, faulting pc}, so backtraces walk through the trap.
    stp     x29, x3, [sp, #TRAP_FRAME_RECORD]
    add     x29, sp, #TRAP_FRAME_RECORD

    mov     x1, x0
    mov     x0, sp
    bl      aarch64_handle_trap

    ldp     x3, x4, [sp, #TRAP_FRAME_ELR]
    msr     elr_el1, x3
    msr     spsr_el1, x4
    ldr     x2, [sp, #TRAP_FRAME_SP]     // SP_EL0 is restored only on returns to EL0
    tst     x4, #0xf
    b.ne    2f
    msr     sp_el0, x2
2:  ldp     x0, x1, [sp, #(TRAP_FRAME_X0 + 0 * 8)]
    ldp     x2, x3, [sp, #(TRAP_FRAME_X0 + 2 * 8)]
    ldp     x4, x5, [sp, #(TRAP_FRAME_X0 + 4 * 8)]
    ldp     x6, x7, [sp, #(TRAP_FRAME_X0 + 6 * 8)]
    ldp     x8, x9, [sp, #(TRAP_FRAME_X0 + 8 * 8)]
    ldp     x10, x11, [sp, #(TRAP_FRAME_X0 + 10 * 8)]
    ldp     x12, x13, [sp, #(TRAP_FRAME_X0 + 12 * 8)]
    ldp     x14, x15, [sp, #(TRAP_FRAME_X0 + 14 * 8)]
    ldp     x16, x17, [sp, #(TRAP_FRAME_X0 + 16 * 8)]
    ldp     x18, x19, [sp, #(TRAP_FRAME_X0 + 18 * 8)]
    ldp     x20, x21, [sp, #(TRAP_FRAME_X0 + 20 * 8)]
    ldp     x22, x23, [sp, #(TRAP_FRAME_X0 + 22 * 8)]
    ldp     x24, x25, [sp, #(TRAP_FRAME_X0 + 24 * 8)]
    ldp     x26, x27, [sp, #(TRAP_FRAME_X0 + 26 * 8)]
    ldp     x28, x29, [sp, #(TRAP_FRAME_X0 + 28 * 8)]
    ldr     x30, [sp, #(TRAP_FRAME_X0 + 30 * 8)]
    add     sp, sp, #TRAP_FRAME_SIZE
    eret
