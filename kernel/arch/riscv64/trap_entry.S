// The S-mode trap vector (stvec, direct mode) and the way back to U-mode.
//
// sscratch tells where a trap came from: 0 while the kernel runs, the current thread's kernel
// stack top while it runs in U-mode. `csrrw sp, sscratch, sp` therefore yields 0 for a trap from
// the kernel (and is undone), or the kernel stack for a trap from user mode.
//
// From the kernel: the frame goes on the current stack, riscv64_handle_trap(frame) runs and the
// frame is restored, which the handler may have changed (skip_faulting_instruction moves sepc).
// Interrupts use the same path: the frame lives on the interrupted thread's stack, so when
// riscv64_handle_trap returns only after interrupt_exit() switched away and back, the frame is
// still where sp says. tp is not restored: it is per hart, and the thread may have moved.
//
// From user mode: the frame goes at the very top of the thread's kernel stack (sched::
// user_frame()), user tp included; the kernel's tp comes from the frame's kernel_tp slot, which
// the return path filled on this same hart. After riscv64_handle_trap the common return path
// runs: riscv64_before_user_return(frame), then every register from the frame, then sret.
//
// Both paths clear sstatus.SUM and FS after saving sstatus: the kernel never runs with access to
// user pages or the FP registers it did not ask for, even when an interrupt arrives inside a copy
// routine and switches threads; restoring the frame's sstatus gives them back.
//
// Layout (keep in step with include/arch/trap_frame.h):
//   0..255   x0..x31 (x0 stored as 0, x2 = sp before the trap)
//   256      sepc, 264 sstatus, 272 scause, 280 stval, 288 kernel tp (user frames), 296 padding
//   304      kernel traps only: a frame record {interrupted s0, sepc}, so that backtraces taken
//            inside the handler run through the interrupted code as if it had called the handler

    .option norelax

#include "sstatus.inc"

    .equ FRAME_SEPC, 256
    .equ FRAME_SSTATUS, 264
    .equ FRAME_SCAUSE, 272
    .equ FRAME_STVAL, 280
    .equ FRAME_KERNEL_TP, 288
    .equ FRAME_SIZE, 304
    // The fast path's test: scause 8 (environment call from U-mode), clock_get's number in a7
    // (abi/mica.abi; syscall/fast_path.cpp checks it), and the ecall's length.
    .equ SCAUSE_USER_ECALL, 8
    .equ SYSCALL_CLOCK_GET, 37
    .equ ECALL_LENGTH, 4
    .equ RECORD_SIZE, 16
    .equ KERNEL_TRAP_STACK, FRAME_SIZE + RECORD_SIZE
    .equ KERNEL_CLEARS, SSTATUS_SUM | SSTATUS_FS
    // Whatever generic code did to a user frame, sret from it reaches U-mode, with interrupts
    // masked until then and without SUM.
    .equ USER_RETURN_CLEARS, SSTATUS_SPP | SSTATUS_SUM | SSTATUS_SIE

// Every general register but x0, sp and tp; the callers handle those three.
    .macro save_general_registers
    sd x1, 1 * 8(sp)
    sd x3, 3 * 8(sp)
    .irp n, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
    sd x\n, \n * 8(sp)
    .endr
    .endm

    .macro restore_general_registers
    ld x1, 1 * 8(sp)
    ld x3, 3 * 8(sp)
    .irp n, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
    ld x\n, \n * 8(sp)
    .endr
    .endm

// The trap CSRs into the frame; leaves sepc in t0. Then the kernel's own SUM and FS (off).
    .macro save_trap_csrs
    csrr t0, sepc
    csrr t1, sstatus
    csrr t2, scause
    csrr t3, stval
    sd t0, FRAME_SEPC(sp)
    sd t1, FRAME_SSTATUS(sp)
    sd t2, FRAME_SCAUSE(sp)
    sd t3, FRAME_STVAL(sp)
    li t1, KERNEL_CLEARS
    csrc sstatus, t1
    .endm

    .section .text.trap, "ax"
    .balign 4                          // stvec's low two bits are the mode
    .globl riscv64_trap_entry
    .type riscv64_trap_entry, @function
riscv64_trap_entry:
    csrrw sp, sscratch, sp
    bnez sp, .Lfrom_user
    csrrw sp, sscratch, sp             // from the kernel: sp back, sscratch 0 again

    addi sp, sp, -KERNEL_TRAP_STACK
    sd zero, 0 * 8(sp)
    save_general_registers
    sd tp, 4 * 8(sp)
    addi t0, sp, KERNEL_TRAP_STACK
    sd t0, 2 * 8(sp)
    save_trap_csrs

    sd s0, FRAME_SIZE(sp)
    sd t0, FRAME_SIZE + 8(sp)
    addi s0, sp, KERNEL_TRAP_STACK

    mv a0, sp
    call riscv64_handle_trap

    ld t0, FRAME_SEPC(sp)
    ld t1, FRAME_SSTATUS(sp)
    csrw sepc, t0
    csrw sstatus, t1
    restore_general_registers          // not tp: see above
    ld sp, 2 * 8(sp)
    sret

.Lfrom_user:
    addi sp, sp, -FRAME_SIZE           // the thread's user frame
    // The fast path (syscall/fast_path.cpp): clock_get(0) from an ecall returns from here,
    // without the rest of the frame or any C++ but its own work, interrupts masked all along
    // (a kill or reschedule asked for meanwhile is an interrupt taken at the sret, whose return
    // path checks). t0 is the one scratch register until the test passes.
    sd t0, 5 * 8(sp)
    csrr t0, scause
    addi t0, t0, -SCAUSE_USER_ECALL
    bnez t0, .Lfull_user_trap
    li t0, SYSCALL_CLOCK_GET
    bne a7, t0, .Lfull_user_trap
    beqz a0, .Lfast_clock_get
.Lfull_user_trap:
    ld t0, 5 * 8(sp)
    sd zero, 0 * 8(sp)
    save_general_registers
    sd tp, 4 * 8(sp)
    csrrw t0, sscratch, zero           // the user sp; from here on the kernel runs
    sd t0, 2 * 8(sp)
    ld tp, FRAME_KERNEL_TP(sp)
    save_trap_csrs

    li s0, 0                           // backtraces end here: user code is not walked
    mv a0, sp
    call riscv64_handle_trap
    mv a0, sp
    j riscv64_enter_user

// clock_get(0), on the kernel stack with t0 saved: only the registers the C call may clobber and
// the syscall does not return are saved (ra, t0..t6, a6, a7, and tp, which the kernel's own
// replaces; the kernel preserves every register but a0..a5). sstatus is untouched, so sret
// returns to U-mode with interrupts as they were; the results are the full path's (a0 = Ok,
// a1 = now, a2..a5 = 0), and sepc steps past the ecall.
.Lfast_clock_get:
    sd ra, 1 * 8(sp)
    sd tp, 4 * 8(sp)
    .irp n, 6, 7, 16, 17, 28, 29, 30, 31
    sd x\n, \n * 8(sp)
    .endr
    ld tp, FRAME_KERNEL_TP(sp)
    call mica_fast_clock_get
    mv a1, a0
    li a0, 0
    li a2, 0
    li a3, 0
    li a4, 0
    li a5, 0
    csrr t0, sepc
    addi t0, t0, ECALL_LENGTH
    csrw sepc, t0
    ld ra, 1 * 8(sp)
    ld tp, 4 * 8(sp)
    .irp n, 5, 6, 7, 16, 17, 28, 29, 30, 31
    ld x\n, \n * 8(sp)
    .endr
    addi sp, sp, FRAME_SIZE            // the kernel stack top again, for sscratch
    csrrw sp, sscratch, sp             // the user sp back; sscratch says "in U-mode" again
    sret
    .size riscv64_trap_entry, . - riscv64_trap_entry

// [[noreturn]] void riscv64_enter_user(TrapFrame* frame /* a0 */): the one way to U-mode, both
// for UserMode::enter and after every trap from it. `frame` is the top of the current thread's
// kernel stack, which is empty below it from here on. Interrupts are masked.
    .globl riscv64_enter_user
    .type riscv64_enter_user, @function
    .balign 4
riscv64_enter_user:
    mv sp, a0
    li s0, 0
    call riscv64_before_user_return    // may not return (the process is being killed)
    csrci sstatus, SSTATUS_SIE         // the contract says masked; sscratch must not be seen yet

    sd tp, FRAME_KERNEL_TP(sp)         // this hart's CpuLocal, for the next trap from U-mode
    addi t0, sp, FRAME_SIZE
    csrw sscratch, t0
    ld t0, FRAME_SEPC(sp)
    ld t1, FRAME_SSTATUS(sp)
    li t2, USER_RETURN_CLEARS
    not t2, t2
    and t1, t1, t2
    csrw sepc, t0
    csrw sstatus, t1
    restore_general_registers
    ld tp, 4 * 8(sp)
    ld sp, 2 * 8(sp)
    sret
    .size riscv64_enter_user, . - riscv64_enter_user
