// The riscv64 pieces of the test suite that C++ cannot express (the contract: arch.h).
    .text

// The first instruction of a test thread (support/thread.cpp). In: a0 = its StartBlock, sp = the
// same address, 16-byte aligned.
    .globl mica_test_thread_entry
    .type mica_test_thread_entry, @function
mica_test_thread_entry:
    mv fp, zero
    mv ra, zero
    call mica_test_thread_main
    unimp
    .size mica_test_thread_entry, . - mica_test_thread_entry

// void mica_test_fpu_probe(const uint64_t* pattern, uint64_t* out, uint64_t yield_number,
//                          uint64_t rounds)
// Loads f0..f31 (words 0..31) and fcsr (word 32) from `pattern`, makes the thread_yield syscall
// `rounds` times with nothing but the kernel touching them, and stores what they hold afterwards
// to `out`. The syscall returns results in a0..a5 only, so t2..t4 survive it. fs0..fs11 and fcsr
// are callee-saved: the caller's values are restored.
    .globl mica_test_fpu_probe
    .type mica_test_fpu_probe, @function
mica_test_fpu_probe:
    addi sp, sp, -112
    fsd fs0, 0(sp)
    fsd fs1, 8(sp)
    fsd fs2, 16(sp)
    fsd fs3, 24(sp)
    fsd fs4, 32(sp)
    fsd fs5, 40(sp)
    fsd fs6, 48(sp)
    fsd fs7, 56(sp)
    fsd fs8, 64(sp)
    fsd fs9, 72(sp)
    fsd fs10, 80(sp)
    fsd fs11, 88(sp)
    frcsr t0
    sd t0, 96(sp)
    ld t1, 256(a0)
    fscsr t1
    mv t2, a1
    mv t3, a2
    mv t4, a3
    fld f0, 0(a0)
    fld f1, 8(a0)
    fld f2, 16(a0)
    fld f3, 24(a0)
    fld f4, 32(a0)
    fld f5, 40(a0)
    fld f6, 48(a0)
    fld f7, 56(a0)
    fld f8, 64(a0)
    fld f9, 72(a0)
    fld f10, 80(a0)
    fld f11, 88(a0)
    fld f12, 96(a0)
    fld f13, 104(a0)
    fld f14, 112(a0)
    fld f15, 120(a0)
    fld f16, 128(a0)
    fld f17, 136(a0)
    fld f18, 144(a0)
    fld f19, 152(a0)
    fld f20, 160(a0)
    fld f21, 168(a0)
    fld f22, 176(a0)
    fld f23, 184(a0)
    fld f24, 192(a0)
    fld f25, 200(a0)
    fld f26, 208(a0)
    fld f27, 216(a0)
    fld f28, 224(a0)
    fld f29, 232(a0)
    fld f30, 240(a0)
    fld f31, 248(a0)
1:  mv a7, t3
    ecall
    addi t4, t4, -1
    bnez t4, 1b
    fsd f0, 0(t2)
    fsd f1, 8(t2)
    fsd f2, 16(t2)
    fsd f3, 24(t2)
    fsd f4, 32(t2)
    fsd f5, 40(t2)
    fsd f6, 48(t2)
    fsd f7, 56(t2)
    fsd f8, 64(t2)
    fsd f9, 72(t2)
    fsd f10, 80(t2)
    fsd f11, 88(t2)
    fsd f12, 96(t2)
    fsd f13, 104(t2)
    fsd f14, 112(t2)
    fsd f15, 120(t2)
    fsd f16, 128(t2)
    fsd f17, 136(t2)
    fsd f18, 144(t2)
    fsd f19, 152(t2)
    fsd f20, 160(t2)
    fsd f21, 168(t2)
    fsd f22, 176(t2)
    fsd f23, 184(t2)
    fsd f24, 192(t2)
    fsd f25, 200(t2)
    fsd f26, 208(t2)
    fsd f27, 216(t2)
    fsd f28, 224(t2)
    fsd f29, 232(t2)
    fsd f30, 240(t2)
    fsd f31, 248(t2)
    frcsr t1
    sd t1, 256(t2)
    ld t0, 96(sp)
    fscsr t0
    fld fs0, 0(sp)
    fld fs1, 8(sp)
    fld fs2, 16(sp)
    fld fs3, 24(sp)
    fld fs4, 32(sp)
    fld fs5, 40(sp)
    fld fs6, 48(sp)
    fld fs7, 56(sp)
    fld fs8, 64(sp)
    fld fs9, 72(sp)
    fld fs10, 80(sp)
    fld fs11, 88(sp)
    addi sp, sp, 112
    ret
    .size mica_test_fpu_probe, . - mica_test_fpu_probe

// Executes an illegal instruction (the all-zero 16-bit parcel is defined to be one).
    .globl mica_test_illegal_instruction
    .type mica_test_illegal_instruction, @function
mica_test_illegal_instruction:
    unimp
    ret
    .size mica_test_illegal_instruction, . - mica_test_illegal_instruction

// uint64_t mica_test_syscall_register_probe(uint64_t number, uint64_t arg0, uint64_t* out)
// Makes syscall `number` with `arg0`, junk in a1..a5 (arguments that are also results) and every
// register the syscall must keep (ra, gp, tp, t0..t6, s0..s11, a6, and a7 holding the number)
// holding its own pattern word; stores the status and the five results to out[0..5] and returns
// the bits by which those registers differ afterwards (0: all kept). Nothing else runs on this thread meanwhile, so gp and tp may change.
    .macro pattern_load n
    li x\n, (0x5a5a << 48) | \n
    .endm
    .macro pattern_check n
    li a1, (0x5a5a << 48) | \n
    xor a1, a1, x\n
    or a0, a0, a1
    .endm
    .globl mica_test_syscall_register_probe
    .type mica_test_syscall_register_probe, @function
mica_test_syscall_register_probe:
    addi sp, sp, -192
    sd ra, 0(sp)
    sd gp, 8(sp)
    sd tp, 16(sp)
    sd s0, 24(sp)
    sd s1, 32(sp)
    sd s2, 40(sp)
    sd s3, 48(sp)
    sd s4, 56(sp)
    sd s5, 64(sp)
    sd s6, 72(sp)
    sd s7, 80(sp)
    sd s8, 88(sp)
    sd s9, 96(sp)
    sd s10, 104(sp)
    sd s11, 112(sp)
    sd a2, 120(sp)                     // out
    sd a0, 128(sp)                     // the number
    mv a7, a0
    mv a0, a1
    li a1, 0xa5a5a5a5a5a5a5a5
    mv a2, a1
    mv a3, a1
    mv a4, a1
    mv a5, a1
    .irp n, 1, 3, 4, 5, 6, 7, 8, 9, 16, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
    pattern_load \n
    .endr
    ecall
    sd a0, 136(sp)
    sd a1, 144(sp)
    sd a2, 152(sp)
    sd a3, 160(sp)
    sd a4, 168(sp)
    sd a5, 176(sp)
    ld a0, 128(sp)                     // a7 must still hold the number
    xor a0, a0, a7
    .irp n, 1, 3, 4, 5, 6, 7, 8, 9, 16, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
    pattern_check \n
    .endr
    ld a1, 120(sp)
    .irp i, 0, 1, 2, 3, 4, 5
    ld a2, 136 + \i * 8(sp)
    sd a2, \i * 8(a1)
    .endr
    ld ra, 0(sp)
    ld gp, 8(sp)
    ld tp, 16(sp)
    ld s0, 24(sp)
    ld s1, 32(sp)
    ld s2, 40(sp)
    ld s3, 48(sp)
    ld s4, 56(sp)
    ld s5, 64(sp)
    ld s6, 72(sp)
    ld s7, 80(sp)
    ld s8, 88(sp)
    ld s9, 96(sp)
    ld s10, 104(sp)
    ld s11, 112(sp)
    addi sp, sp, 192
    ret
    .size mica_test_syscall_register_probe, . - mica_test_syscall_register_probe

    .section .note.GNU-stack, "", @progbits
