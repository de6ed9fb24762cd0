// FpuState::save/restore (include/arch/fpu.h): v0..v31 as 128-bit q registers, then FPCR and
// FPSR at offsets 512 and 520. Assembled for plain Armv8-A, where FP/SIMD is always present; the
// C++ around it is built with -mgeneral-regs-only and never touches these registers.

#define FPU_STATE_FPCR 512
#define FPU_STATE_FPSR 520

    .text

// void aarch64_fpu_save(FpuState* state)
    .globl  aarch64_fpu_save
    .type   aarch64_fpu_save, %function
aarch64_fpu_save:
    stp     q0, q1, [x0, #(0 * 32)]
    stp     q2, q3, [x0, #(1 * 32)]
    stp     q4, q5, [x0, #(2 * 32)]
    stp     q6, q7, [x0, #(3 * 32)]
    stp     q8, q9, [x0, #(4 * 32)]
    stp     q10, q11, [x0, #(5 * 32)]
    stp     q12, q13, [x0, #(6 * 32)]
    stp     q14, q15, [x0, #(7 * 32)]
    stp     q16, q17, [x0, #(8 * 32)]
    stp     q18, q19, [x0, #(9 * 32)]
    stp     q20, q21, [x0, #(10 * 32)]
    stp     q22, q23, [x0, #(11 * 32)]
    stp     q24, q25, [x0, #(12 * 32)]
    stp     q26, q27, [x0, #(13 * 32)]
    stp     q28, q29, [x0, #(14 * 32)]
    stp     q30, q31, [x0, #(15 * 32)]
    mrs     x1, fpcr
    mrs     x2, fpsr
    str     x1, [x0, #FPU_STATE_FPCR]       // beyond stp's reach
    str     x2, [x0, #FPU_STATE_FPSR]
    ret
    .size   aarch64_fpu_save, . - aarch64_fpu_save

// void aarch64_fpu_restore(const FpuState* state)
    .globl  aarch64_fpu_restore
    .type   aarch64_fpu_restore, %function
aarch64_fpu_restore:
    ldp     q0, q1, [x0, #(0 * 32)]
    ldp     q2, q3, [x0, #(1 * 32)]
    ldp     q4, q5, [x0, #(2 * 32)]
    ldp     q6, q7, [x0, #(3 * 32)]
    ldp     q8, q9, [x0, #(4 * 32)]
    ldp     q10, q11, [x0, #(5 * 32)]
    ldp     q12, q13, [x0, #(6 * 32)]
    ldp     q14, q15, [x0, #(7 * 32)]
    ldp     q16, q17, [x0, #(8 * 32)]
    ldp     q18, q19, [x0, #(9 * 32)]
    ldp     q20, q21, [x0, #(10 * 32)]
    ldp     q22, q23, [x0, #(11 * 32)]
    ldp     q24, q25, [x0, #(12 * 32)]
    ldp     q26, q27, [x0, #(13 * 32)]
    ldp     q28, q29, [x0, #(14 * 32)]
    ldp     q30, q31, [x0, #(15 * 32)]
    ldr     x1, [x0, #FPU_STATE_FPCR]
    ldr     x2, [x0, #FPU_STATE_FPSR]
    msr     fpcr, x1
    msr     fpsr, x2
    ret
    .size   aarch64_fpu_restore, . - aarch64_fpu_restore
