// The x86_64 pieces of the test suite that C++ cannot express (the contract: arch.h).
    .text

// The first instruction of a test thread (support/thread.cpp). In: rdi = its StartBlock, rsp =
// the same address, 16-byte aligned. The call pushes 8 bytes, as the SysV ABI expects at entry.
    .globl mica_test_thread_entry
    .type mica_test_thread_entry, @function
mica_test_thread_entry:
    xor %ebp, %ebp
    and $-16, %rsp
    call mica_test_thread_main
    ud2
    .size mica_test_thread_entry, . - mica_test_thread_entry

// void mica_test_fpu_probe(const uint64_t* pattern, uint64_t* out, uint64_t yield_number,
//                          uint64_t rounds)
// Loads xmm0..xmm15 (words 0..31) and MXCSR (word 32) from `pattern`, makes the thread_yield
// syscall `rounds` times with nothing but the kernel touching them, and stores what they hold
// afterwards to `out`. The syscall returns results in rdi, rsi, rdx, r10 and r8 and takes rcx and
// r11, so everything the loop needs lives in callee-saved registers. MXCSR's control bits are
// callee-saved: the caller's value is restored.
    .globl mica_test_fpu_probe
    .type mica_test_fpu_probe, @function
mica_test_fpu_probe:
    push %rbx
    push %r12
    push %r13
    push %r14
    sub $8, %rsp
    stmxcsr (%rsp)
    mov %rsi, %r12
    mov %rdx, %r13
    mov %rcx, %rbx
    ldmxcsr 256(%rdi)
    movdqu 0(%rdi), %xmm0
    movdqu 16(%rdi), %xmm1
    movdqu 32(%rdi), %xmm2
    movdqu 48(%rdi), %xmm3
    movdqu 64(%rdi), %xmm4
    movdqu 80(%rdi), %xmm5
    movdqu 96(%rdi), %xmm6
    movdqu 112(%rdi), %xmm7
    movdqu 128(%rdi), %xmm8
    movdqu 144(%rdi), %xmm9
    movdqu 160(%rdi), %xmm10
    movdqu 176(%rdi), %xmm11
    movdqu 192(%rdi), %xmm12
    movdqu 208(%rdi), %xmm13
    movdqu 224(%rdi), %xmm14
    movdqu 240(%rdi), %xmm15
1:  mov %r13, %rax
    syscall
    dec %rbx
    jnz 1b
    movdqu %xmm0, 0(%r12)
    movdqu %xmm1, 16(%r12)
    movdqu %xmm2, 32(%r12)
    movdqu %xmm3, 48(%r12)
    movdqu %xmm4, 64(%r12)
    movdqu %xmm5, 80(%r12)
    movdqu %xmm6, 96(%r12)
    movdqu %xmm7, 112(%r12)
    movdqu %xmm8, 128(%r12)
    movdqu %xmm9, 144(%r12)
    movdqu %xmm10, 160(%r12)
    movdqu %xmm11, 176(%r12)
    movdqu %xmm12, 192(%r12)
    movdqu %xmm13, 208(%r12)
    movdqu %xmm14, 224(%r12)
    movdqu %xmm15, 240(%r12)
    movq $0, 256(%r12)
    stmxcsr 256(%r12)
    ldmxcsr (%rsp)
    add $8, %rsp
    pop %r14
    pop %r13
    pop %r12
    pop %rbx
    ret
    .size mica_test_fpu_probe, . - mica_test_fpu_probe

// Executes an instruction that is undefined on every x86_64 CPU.
    .globl mica_test_illegal_instruction
    .type mica_test_illegal_instruction, @function
mica_test_illegal_instruction:
    ud2
    ret
    .size mica_test_illegal_instruction, . - mica_test_illegal_instruction

// uint64_t mica_test_syscall_register_probe(uint64_t number, uint64_t arg0, uint64_t* out)
// Makes syscall `number` with `arg0`, junk in the other argument registers (which are also
// results) and every register the syscall must keep (rbx, rbp, r9, r12..r15) holding its own
// pattern word; stores the status and the five results to out[0..5] and returns the bits by which
// those registers differ afterwards (0: all kept).
    .globl mica_test_syscall_register_probe
    .type mica_test_syscall_register_probe, @function
mica_test_syscall_register_probe:
    push %rbx
    push %rbp
    push %r12
    push %r13
    push %r14
    push %r15
    push %rdx
    mov %rdi, %rax
    mov %rsi, %rdi
    movabs $0xa5a5a5a5a5a5a5a5, %rsi
    mov %rsi, %rdx
    mov %rsi, %r10
    mov %rsi, %r8
    movabs $0x5a5a000000000003, %rbx
    movabs $0x5a5a000000000005, %rbp
    movabs $0x5a5a000000000009, %r9
    movabs $0x5a5a00000000000c, %r12
    movabs $0x5a5a00000000000d, %r13
    movabs $0x5a5a00000000000e, %r14
    movabs $0x5a5a00000000000f, %r15
    syscall
    pop %rcx
    mov %rax, 0(%rcx)
    mov %rdi, 8(%rcx)
    mov %rsi, 16(%rcx)
    mov %rdx, 24(%rcx)
    mov %r10, 32(%rcx)
    mov %r8, 40(%rcx)
    movabs $0x5a5a000000000003, %rax
    xor %rbx, %rax
    movabs $0x5a5a000000000005, %rdx
    xor %rbp, %rdx
    or %rdx, %rax
    movabs $0x5a5a000000000009, %rdx
    xor %r9, %rdx
    or %rdx, %rax
    movabs $0x5a5a00000000000c, %rdx
    xor %r12, %rdx
    or %rdx, %rax
    movabs $0x5a5a00000000000d, %rdx
    xor %r13, %rdx
    or %rdx, %rax
    movabs $0x5a5a00000000000e, %rdx
    xor %r14, %rdx
    or %rdx, %rax
    movabs $0x5a5a00000000000f, %rdx
    xor %r15, %rdx
    or %rdx, %rax
    pop %r15
    pop %r14
    pop %r13
    pop %r12
    pop %rbp
    pop %rbx
    ret
    .size mica_test_syscall_register_probe, . - mica_test_syscall_register_probe

    .section .note.GNU-stack, "", @progbits
