// Memory probes for tests of page protections (arch::Cpu::probe_*): each returns true when the
// access went through and false when it faulted. A load or store that may fault is listed in
// .exception_fixups, so the trap path resumes at its landing pad instead of reporting a crash.
// The execute probe cannot be listed that way (the fault is at the target), so it publishes its
// landing pad in mica_execute_probe_landing while the call runs (kernel/core/exception_fixup.h).

#include <core/exception_fixup.inc>

    .text

// bool aarch64_probe_read(volatile uint64_t* address, uint64_t* out)
    .globl  aarch64_probe_read
    .type   aarch64_probe_read, %function
aarch64_probe_read:
1:  ldr     x2, [x0]
    str     x2, [x1]
    mov     w0, #1
    ret
2:  mov     w0, #0
    ret
    exception_fixup 1b, 2b
    .size   aarch64_probe_read, . - aarch64_probe_read

// bool aarch64_probe_write(volatile uint64_t* address, uint64_t value)
    .globl  aarch64_probe_write
    .type   aarch64_probe_write, %function
aarch64_probe_write:
1:  str     x1, [x0]
    mov     w0, #1
    ret
2:  mov     w0, #0
    ret
    exception_fixup 1b, 2b
    .size   aarch64_probe_write, . - aarch64_probe_write

// bool aarch64_probe_execute(uintptr_t code): calls `code`, which must return at once. An
// instruction abort at `code` resumes at the landing pad with the registers of the fault: x19
// still holds our stack pointer and x29 our frame, whatever the target did not get to run.
    .globl  aarch64_probe_execute
    .type   aarch64_probe_execute, %function
aarch64_probe_execute:
    stp     x29, x30, [sp, #-32]!
    mov     x29, sp
    str     x19, [sp, #16]
    mov     x19, sp
    adrp    x1, mica_execute_probe_landing
    adr     x2, 1f
    str     x2, [x1, :lo12:mica_execute_probe_landing]
    blr     x0
    mov     w0, #1
    b       2f
1:  mov     sp, x19
    mov     w0, #0
2:  adrp    x1, mica_execute_probe_landing
    str     xzr, [x1, :lo12:mica_execute_probe_landing]
    ldr     x19, [sp, #16]
    ldp     x29, x30, [sp], #32
    ret
    .size   aarch64_probe_execute, . - aarch64_probe_execute
