// The exception vector table (VBAR_EL1): 4 groups (current EL with SP_EL0, current EL with
// SP_ELx, lower EL AArch64, lower EL AArch32) x 4 kinds (synchronous, IRQ, FIQ, SError), 0x80
// bytes each. Every entry saves a full TrapFrame on the current stack (SP_EL1: for traps from EL0
// the top of the thread's kernel stack) and calls aarch64_handle_trap(frame, vector index) in
// trap/trap.cpp, then restores the frame (which the handler may have changed, e.g. to skip the
// faulting instruction or to store syscall results) and returns with eret.

#include <arch/aarch64/asm_defs.h>

// Vectors 8..15 are the exceptions from EL0 (AArch64, then AArch32).
#define VECTOR_FIRST_LOWER_EL 8
#define VECTOR_LOWER_SYNC 8

// The syscall answered before a full frame is saved (syscall/fast_path.cpp, which checks the
// number against abi/mica.abi): clock_get(0), from `svc #0` only (ESR_EL1: EC 0x15 SVC from
// AArch64, IL set, immediate 0).
#define SYSCALL_CLOCK_GET 37
#define ESR_SVC0_HIGH 0x5600 // the whole ESR_EL1 value >> 16

.macro vector_entry index
    .balign 0x80
    sub     sp, sp, #TRAP_FRAME_SIZE
    stp     x0, x1, [sp, #(TRAP_FRAME_X0 + 0 * 8)]
    .if \index == VECTOR_LOWER_SYNC
    b       lower_sync_entry
    .else
    mov     x0, #\index
    b       trap_common
    .endif
.endm

    .section .text.vectors, "ax"
    .balign 2048
    .globl  exception_vectors
exception_vectors:
    .irp index, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
    vector_entry \index
    .endr

// A synchronous exception from EL0 (x0 and x1 saved in the frame): clock_get(0) returns from
// here, without the rest of the frame or any C++ but its own work, interrupts masked all along
// (a kill or reschedule asked for meanwhile is an interrupt taken at the eret, whose return
// path checks). Only the registers the C call may clobber and the syscall does not return are
// saved (x6..x18, x30: the kernel preserves every register but x0..x5); ELR and SPSR are
// untouched, so eret resumes after the svc. Everything else goes the full way.
lower_sync_entry:
    mrs     x0, esr_el1
    movz    x1, #ESR_SVC0_HIGH, lsl #16
    cmp     x0, x1
    b.ne    1f
    cmp     x8, #SYSCALL_CLOCK_GET
    b.ne    1f
    ldr     x0, [sp, #(TRAP_FRAME_X0 + 0 * 8)]
    cbnz    x0, 1f
    stp     x6, x7, [sp, #(TRAP_FRAME_X0 + 6 * 8)]
    stp     x8, x9, [sp, #(TRAP_FRAME_X0 + 8 * 8)]
    stp     x10, x11, [sp, #(TRAP_FRAME_X0 + 10 * 8)]
    stp     x12, x13, [sp, #(TRAP_FRAME_X0 + 12 * 8)]
    stp     x14, x15, [sp, #(TRAP_FRAME_X0 + 14 * 8)]
    stp     x16, x17, [sp, #(TRAP_FRAME_X0 + 16 * 8)]
    stp     x18, x30, [sp, #(TRAP_FRAME_X0 + 18 * 8)]
    bl      mica_fast_clock_get
    mov     x1, x0
    mov     x0, xzr                      // status Ok
    mov     x2, xzr
    mov     x3, xzr
    mov     x4, xzr
    mov     x5, xzr
    ldp     x6, x7, [sp, #(TRAP_FRAME_X0 + 6 * 8)]
    ldp     x8, x9, [sp, #(TRAP_FRAME_X0 + 8 * 8)]
    ldp     x10, x11, [sp, #(TRAP_FRAME_X0 + 10 * 8)]
    ldp     x12, x13, [sp, #(TRAP_FRAME_X0 + 12 * 8)]
    ldp     x14, x15, [sp, #(TRAP_FRAME_X0 + 14 * 8)]
    ldp     x16, x17, [sp, #(TRAP_FRAME_X0 + 16 * 8)]
    ldp     x18, x30, [sp, #(TRAP_FRAME_X0 + 18 * 8)]
    add     sp, sp, #TRAP_FRAME_SIZE
    eret
1:  mov     x0, #VECTOR_LOWER_SYNC
    // Fall through to trap_common.

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
    mrs     x3, elr_el1
    mrs     x4, spsr_el1
    stp     x3, x4, [sp, #TRAP_FRAME_ELR]
    mrs     x5, esr_el1
    mrs     x6, far_el1
    stp     x5, x6, [sp, #TRAP_FRAME_ESR]
    cmp     x0, #VECTOR_FIRST_LOWER_EL
    b.hs    1f

    // From EL1: the interrupted stack is the one we are on, as it was before the frame was
    // pushed. Frame record {interrupted x29, faulting pc}, so backtraces walk through the trap.
    add     x2, sp, #TRAP_FRAME_SIZE
    stp     x30, x2, [sp, #(TRAP_FRAME_X0 + 30 * 8)]
    stp     x29, x3, [sp, #TRAP_FRAME_RECORD]
    b       2f

    // From EL0: SP_EL1 was the top of the thread's kernel stack, so this frame is its user frame.
    // The user's own stack and thread pointer go in the frame; the frame record ends backtraces
    // here, for the kernel must not follow user pointers.
1:  mrs     x2, sp_el0
    stp     x30, x2, [sp, #(TRAP_FRAME_X0 + 30 * 8)]
    mrs     x7, tpidr_el0
    str     x7, [sp, #TRAP_FRAME_TPIDR_EL0]
    stp     xzr, x3, [sp, #TRAP_FRAME_RECORD]

2:  add     x29, sp, #TRAP_FRAME_RECORD
    mov     x1, x0
    mov     x0, sp
    bl      aarch64_handle_trap
    // Fall through: sp is the frame again.

// Restores every register from the frame at sp, pops it and returns with eret. Also the way into
// user mode for a new thread (user/enter.S), whose sp is then the top of its kernel stack.
    .globl  aarch64_return_through_frame
aarch64_return_through_frame:
    ldp     x3, x4, [sp, #TRAP_FRAME_ELR]
    msr     elr_el1, x3
    msr     spsr_el1, x4
    tst     x4, #SPSR_MODE_MASK          // SP_EL0 and TPIDR_EL0 only for returns to EL0
    b.ne    3f
    ldr     x2, [sp, #TRAP_FRAME_SP]
    msr     sp_el0, x2
    ldr     x2, [sp, #TRAP_FRAME_TPIDR_EL0]
    msr     tpidr_el0, x2
3:  ldp     x0, x1, [sp, #(TRAP_FRAME_X0 + 0 * 8)]
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
    // For a return to EL0 this leaves SP_EL1 at the top of the kernel stack, where the next trap
    // from user mode puts its frame.
    add     sp, sp, #TRAP_FRAME_SIZE
    eret
