// The aarch64 pieces of the test suite that C++ cannot express (the contract: arch.h).
    .text

// The first instruction of a test thread (support/thread.cpp). In: x0 = its StartBlock, sp =
// the same address, 16-byte aligned.
    .globl mica_test_thread_entry
    .type mica_test_thread_entry, %function
mica_test_thread_entry:
    mov x29, #0
    mov x30, #0
    bl mica_test_thread_main
    udf #0
    .size mica_test_thread_entry, . - mica_test_thread_entry

// void mica_test_fpu_probe(const uint64_t* pattern, uint64_t* out, uint64_t yield_number,
//                          uint64_t rounds)
// Loads v0..v31 (words 0..63) and FPCR (word 64) from `pattern`, makes the thread_yield syscall
// `rounds` times with nothing but the kernel touching them, and stores what they hold afterwards
// to `out`. The syscall returns results in x0..x5 only, so x9..x13 survive it. d8..d15 and FPCR
// are callee-saved: the caller's values are restored.
    .globl mica_test_fpu_probe
    .type mica_test_fpu_probe, %function
mica_test_fpu_probe:
    stp d8, d9, [sp, #-64]!
    stp d10, d11, [sp, #16]
    stp d12, d13, [sp, #32]
    stp d14, d15, [sp, #48]
    mrs x9, fpcr
    ldr x10, [x0, #512]
    msr fpcr, x10
    mov x11, x1
    mov x12, x2
    mov x13, x3
    ld1 {v0.2d, v1.2d, v2.2d, v3.2d}, [x0], #64
    ld1 {v4.2d, v5.2d, v6.2d, v7.2d}, [x0], #64
    ld1 {v8.2d, v9.2d, v10.2d, v11.2d}, [x0], #64
    ld1 {v12.2d, v13.2d, v14.2d, v15.2d}, [x0], #64
    ld1 {v16.2d, v17.2d, v18.2d, v19.2d}, [x0], #64
    ld1 {v20.2d, v21.2d, v22.2d, v23.2d}, [x0], #64
    ld1 {v24.2d, v25.2d, v26.2d, v27.2d}, [x0], #64
    ld1 {v28.2d, v29.2d, v30.2d, v31.2d}, [x0], #64
1:  mov x8, x12
    svc #0
    subs x13, x13, #1
    b.ne 1b
    st1 {v0.2d, v1.2d, v2.2d, v3.2d}, [x11], #64
    st1 {v4.2d, v5.2d, v6.2d, v7.2d}, [x11], #64
    st1 {v8.2d, v9.2d, v10.2d, v11.2d}, [x11], #64
    st1 {v12.2d, v13.2d, v14.2d, v15.2d}, [x11], #64
    st1 {v16.2d, v17.2d, v18.2d, v19.2d}, [x11], #64
    st1 {v20.2d, v21.2d, v22.2d, v23.2d}, [x11], #64
    st1 {v24.2d, v25.2d, v26.2d, v27.2d}, [x11], #64
    st1 {v28.2d, v29.2d, v30.2d, v31.2d}, [x11], #64
    mrs x10, fpcr
    str x10, [x11]
    msr fpcr, x9
    ldp d10, d11, [sp, #16]
    ldp d12, d13, [sp, #32]
    ldp d14, d15, [sp, #48]
    ldp d8, d9, [sp], #64
    ret
    .size mica_test_fpu_probe, . - mica_test_fpu_probe

// Executes a permanently undefined instruction.
    .globl mica_test_illegal_instruction
    .type mica_test_illegal_instruction, %function
mica_test_illegal_instruction:
    udf #0
    ret
    .size mica_test_illegal_instruction, . - mica_test_illegal_instruction

// uint64_t mica_test_syscall_register_probe(uint64_t number, uint64_t arg0, uint64_t* out)
// Makes syscall `number` with `arg0`, junk in x1..x5 (arguments that are also results) and every
// register the syscall must keep (x6..x30, x8 holding the number) holding its own pattern word;
// stores the status and the five results to out[0..5] and returns the bits by which those
// registers differ afterwards (0: all kept).
    .macro pattern_load n
    mov x\n, #\n
    movk x\n, #0x5a5a, lsl #48
    .endm
    .macro pattern_check n
    mov x1, #\n
    movk x1, #0x5a5a, lsl #48
    eor x1, x1, x\n
    orr x0, x0, x1
    .endm
    .globl mica_test_syscall_register_probe
    .type mica_test_syscall_register_probe, %function
mica_test_syscall_register_probe:
    stp x29, x30, [sp, #-144]!
    stp x19, x20, [sp, #16]
    stp x21, x22, [sp, #32]
    stp x23, x24, [sp, #48]
    stp x25, x26, [sp, #64]
    stp x27, x28, [sp, #80]
    str x2, [sp, #96]
    str x0, [sp, #136]
    mov x8, x0
    mov x0, x1
    mov x1, #0xa5a5
    movk x1, #0xa5a5, lsl #48
    mov x2, x1
    mov x3, x1
    mov x4, x1
    mov x5, x1
    .irp n, 6, 7, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30
    pattern_load \n
    .endr
    svc #0
    stp x0, x1, [sp, #104]
    stp x2, x3, [sp, #120]
    ldr x1, [sp, #96]
    stp x4, x5, [x1, #32]
    ldp x2, x3, [sp, #104]
    stp x2, x3, [x1, #0]
    ldp x2, x3, [sp, #120]
    stp x2, x3, [x1, #16]
    ldr x0, [sp, #136]                 // x8 must still hold the number
    eor x0, x0, x8
    .irp n, 6, 7, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30
    pattern_check \n
    .endr
    ldp x19, x20, [sp, #16]
    ldp x21, x22, [sp, #32]
    ldp x23, x24, [sp, #48]
    ldp x25, x26, [sp, #64]
    ldp x27, x28, [sp, #80]
    ldp x29, x30, [sp], #144
    ret
    .size mica_test_syscall_register_probe, . - mica_test_syscall_register_probe

    .section .note.GNU-stack, "", %progbits
