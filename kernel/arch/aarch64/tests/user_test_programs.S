// Tiny user programs for the generic user-mode KTESTs: position-independent code between
// mica_user_test_<name> and mica_user_test_<name>_end, copied to a user page at kUserSpaceBase
// and run with x0 = the first argument and a separate writable stack page. Only data, never
// executed in the kernel, hence .rodata.
//
// Syscalls (abi/mica.abi, aarch64 line): `svc #0`, number in x8, arguments x0..x5, status in x0.

#define SYS_PROCESS_EXIT 7
#define SYS_THREAD_YIELD 13
#define SYS_DEBUG_WRITE 38
#define FPU_TEST_ROUNDS 2000
#define FPCR_RMODE_SHIFT 22 // FPCR.RMode, bits 23:22

.macro syscall number
    mov     x8, #\number
    svc     #0
.endm

// process_exit does not return; if it did, the BRK kills the process loudly.
.macro exit_with_x0
    syscall SYS_PROCESS_EXIT
    brk     #0
.endm

    .section .rodata.user_test_programs, "a"
    .balign 4

// debug_write("hello from user mode\n"), then process_exit(42).
    .globl  mica_user_test_hello, mica_user_test_hello_end
mica_user_test_hello:
    adr     x0, 1f
    mov     x1, #(2f - 1f)
    syscall SYS_DEBUG_WRITE
    mov     x0, #42
    exit_with_x0
1:  .ascii  "hello from user mode\n"
2:  .balign 4
mica_user_test_hello_end:

// A load from the kernel image (0xffffffff80000000): the process is killed. exit(1) if not.
    .globl  mica_user_test_fault, mica_user_test_fault_end
mica_user_test_fault:
    movz    x1, #0x8000, lsl #16
    movk    x1, #0xffff, lsl #32
    movk    x1, #0xffff, lsl #48
    ldr     x0, [x1]
    mov     x0, #1
    exit_with_x0
mica_user_test_fault_end:

// A permanently undefined instruction: the process is killed. exit(1) if not.
    .globl  mica_user_test_illegal, mica_user_test_illegal_end
mica_user_test_illegal:
    udf     #0
    mov     x0, #1
    exit_with_x0
mica_user_test_illegal_end:

// debug_write from the kernel's direct map (0xffffffc000000000), then exit with the status it
// returned (16, bad_address, when the kernel checks the pointer).
    .globl  mica_user_test_bad_pointer, mica_user_test_bad_pointer_end
mica_user_test_bad_pointer:
    movz    x0, #0xffc0, lsl #32
    movk    x0, #0xffff, lsl #48
    mov     x1, #8
    syscall SYS_DEBUG_WRITE
    exit_with_x0
mica_user_test_bad_pointer_end:

// Fills v0..v31 with values derived from x0 (low half seed + i, high half its complement), FPCR's
// rounding mode with seed % 4, and TPIDR_EL0 (the other register only user mode uses) with the
// seed's complement; then 2000 times: thread_yield and check them all. exit(0) if they always
// held, exit(1) at the first that did not.
    .globl  mica_user_test_fpu, mica_user_test_fpu_end
mica_user_test_fpu:
    mov     x19, x0
    and     x21, x19, #3
    lsl     x21, x21, #FPCR_RMODE_SHIFT  // x21 = the FPCR value
    msr     fpcr, x21
    mvn     x22, x19                     // x22 = the TPIDR_EL0 value
    msr     tpidr_el0, x22
    .irp    i, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
    add     x10, x19, #\i
    mvn     x11, x10
    fmov    d\i, x10                     // also zeroes the high half, hence first
    mov     v\i\().d[1], x11
    .endr

    mov     x20, #FPU_TEST_ROUNDS
1:  syscall SYS_THREAD_YIELD
    .irp    i, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
    add     x10, x19, #\i
    mvn     x11, x10
    fmov    x12, d\i
    cmp     x12, x10
    b.ne    2f
    mov     x12, v\i\().d[1]
    cmp     x12, x11
    b.ne    2f
    .endr
    mrs     x12, fpcr
    cmp     x12, x21
    b.ne    2f
    mrs     x12, tpidr_el0
    cmp     x12, x22
    b.ne    2f
    subs    x20, x20, #1
    b.ne    1b
    mov     x0, #0
    exit_with_x0
2:  mov     x0, #1
    exit_with_x0
mica_user_test_fpu_end:
