// Memory probes for tests of page protections (Cpu::probe_* in include/arch/cpu.h). The load and
// the store that may fault are listed in .exception_fixups, so a fault there resumes at a landing
// pad that returns 0. The execute probe cannot list the faulting instruction (it is the target),
// so it publishes its landing pad in mica_execute_probe_landing while the call runs.

    .option norelax

#include <core/exception_fixup.inc>

    .text

// bool riscv64_probe_read(volatile uint64_t* address /* a0 */, uint64_t* out /* a1 */)
    .globl riscv64_probe_read
    .type riscv64_probe_read, @function
    .balign 4
riscv64_probe_read:
1:  ld t0, 0(a0)
    sd t0, 0(a1)
    li a0, 1
    ret
2:  li a0, 0                           // *out stays as it was
    ret
    exception_fixup 1b, 2b
    .size riscv64_probe_read, . - riscv64_probe_read

// bool riscv64_probe_write(volatile uint64_t* address /* a0 */, uint64_t value /* a1 */)
    .globl riscv64_probe_write
    .type riscv64_probe_write, @function
    .balign 4
riscv64_probe_write:
1:  sd a1, 0(a0)
    li a0, 1
    ret
2:  li a0, 0
    ret
    exception_fixup 1b, 2b
    .size riscv64_probe_write, . - riscv64_probe_write

// bool riscv64_probe_execute(uintptr_t code /* a0 */): calls `code`, which must return at once.
// An instruction fetch fault at `code` resumes at the landing pad with the registers of the
// fault, where the callee-saved s1 still holds this frame's stack pointer.
    .globl riscv64_probe_execute
    .type riscv64_probe_execute, @function
    .balign 4
riscv64_probe_execute:
    addi sp, sp, -32
    sd ra, 24(sp)                      // a frame record {s0, ra} just below s0, as everywhere
    sd s0, 16(sp)
    sd s1, 8(sp)
    addi s0, sp, 32
    mv s1, sp
    lla t0, .Lexecute_landing
    lla t1, mica_execute_probe_landing
    sd t0, 0(t1)
    jalr a0
    li a0, 1
    j .Lexecute_done
.Lexecute_landing:
    mv sp, s1
    li a0, 0
.Lexecute_done:
    lla t1, mica_execute_probe_landing
    sd zero, 0(t1)
    ld s1, 8(sp)
    ld s0, 16(sp)
    ld ra, 24(sp)
    addi sp, sp, 32
    ret
    .size riscv64_probe_execute, . - riscv64_probe_execute
