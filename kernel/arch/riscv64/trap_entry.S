// The S-mode trap vector (stvec, direct mode): saves every register into a TrapFrame on the
// stack, calls riscv64_handle_trap(frame) and resumes from the frame, which the handler may have
// changed (skip_faulting_instruction moves sepc).
//
// Interrupts use the same path: the frame lives on the interrupted thread's stack, so when
// riscv64_handle_trap returns only after interrupt_exit() switched away and back, the frame is
// still where sp says.
//
// Seam for user mode: today every trap comes from S-mode, so the interrupted sp is a kernel
// stack and the frame goes right below it. When U-mode arrives, the entry starts with
// `csrrw sp, sscratch, sp` (sscratch holds the thread's kernel stack while in user mode and 0 in
// the kernel) to pick the right stack before saving anything.
//
// Layout (keep in step with include/arch/trap_frame.h):
//   0..255   x0..x31 (x0 stored as 0, x2 = sp before the trap)
//   256      sepc, 264 sstatus, 272 scause, 280 stval
//   288      a frame record {interrupted s0, sepc}, so that backtraces taken inside the handler
//            run through the interrupted code as if it had called the handler

    .option norelax

    .equ FRAME_SEPC, 256
    .equ FRAME_SSTATUS, 264
    .equ FRAME_SCAUSE, 272
    .equ FRAME_STVAL, 280
    .equ FRAME_SIZE, 288
    .equ RECORD_SIZE, 16
    .equ TRAP_STACK, FRAME_SIZE + RECORD_SIZE

    .section .text.trap, "ax"
    .balign 4                          // stvec's low two bits are the mode
    .globl riscv64_trap_entry
    .type riscv64_trap_entry, @function
riscv64_trap_entry:
    addi sp, sp, -TRAP_STACK
    sd zero, 0 * 8(sp)
    sd x1, 1 * 8(sp)
    .irp n, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
    sd x\n, \n * 8(sp)
    .endr
    addi t0, sp, TRAP_STACK
    sd t0, 2 * 8(sp)
    csrr t0, sepc
    csrr t1, sstatus
    csrr t2, scause
    csrr t3, stval
    sd t0, FRAME_SEPC(sp)
    sd t1, FRAME_SSTATUS(sp)
    sd t2, FRAME_SCAUSE(sp)
    sd t3, FRAME_STVAL(sp)

    sd s0, FRAME_SIZE(sp)
    sd t0, FRAME_SIZE + 8(sp)
    addi s0, sp, TRAP_STACK

    mv a0, sp
    call riscv64_handle_trap

    ld t0, FRAME_SEPC(sp)
    ld t1, FRAME_SSTATUS(sp)
    csrw sepc, t0
    csrw sstatus, t1
    ld x1, 1 * 8(sp)
    // Not x4 (tp): it is this hart's CpuLocal, and a thread switched out inside
    // interrupt_exit() may come back on another hart (include/arch/cpu_local.h).
    .irp n, 3, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
    ld x\n, \n * 8(sp)
    .endr
    ld sp, 2 * 8(sp)
    sret
    .size riscv64_trap_entry, . - riscv64_trap_entry
