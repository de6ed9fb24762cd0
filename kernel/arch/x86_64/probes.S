/* Memory accesses that may fault on purpose, for tests of page protections (arch/cpu.h). A load
 * or store that faults is listed in .exception_fixups, so the trap path resumes at the landing
 * pad, which returns false. An execute probe cannot list its target, so it publishes its landing
 * pad in mica_execute_probe_landing (kernel/core/exception_fixup.h) for the duration of the call. */

#include <core/exception_fixup.inc>

    .text

/* bool x86_64_probe_read(volatile uint64_t* address (rdi), uint64_t* out (rsi)) */
    .global x86_64_probe_read
    .type x86_64_probe_read, @function
x86_64_probe_read:
.Lread:
    mov (%rdi), %rax
    mov %rax, (%rsi)
    mov $1, %eax
    ret
.Lread_faulted:
    xor %eax, %eax
    ret
    exception_fixup .Lread, .Lread_faulted
    .size x86_64_probe_read, . - x86_64_probe_read

/* bool x86_64_probe_write(volatile uint64_t* address (rdi), uint64_t value (rsi)) */
    .global x86_64_probe_write
    .type x86_64_probe_write, @function
x86_64_probe_write:
.Lwrite:
    mov %rsi, (%rdi)
    mov $1, %eax
    ret
.Lwrite_faulted:
    xor %eax, %eax
    ret
    exception_fixup .Lwrite, .Lwrite_faulted
    .size x86_64_probe_write, . - x86_64_probe_write

/* bool x86_64_probe_execute(uintptr_t code (rdi)): calls code, a function that returns at once.
 * rbp (callee-saved) remembers the stack pointer: a fetch fault at the target leaves its return
 * address pushed, and the landing pad drops it by restoring rsp from rbp. */
    .global x86_64_probe_execute
    .type x86_64_probe_execute, @function
x86_64_probe_execute:
    push %rbp
    mov %rsp, %rbp
    lea .Lexecute_faulted(%rip), %rax
    mov %rax, mica_execute_probe_landing(%rip)
    call *%rdi
    movq $0, mica_execute_probe_landing(%rip)
    mov $1, %eax
    pop %rbp
    ret
.Lexecute_faulted:
    mov %rbp, %rsp
    movq $0, mica_execute_probe_landing(%rip)
    xor %eax, %eax
    pop %rbp
    ret
    .size x86_64_probe_execute, . - x86_64_probe_execute
