// UserAccess (include/arch/user_access.h): copies between kernel and user memory.
//
// The user side is touched only with LDTR/STTR (and their byte forms), which the MMU checks with
// EL0's permissions: a page user mode could not read or write faults here too, kernel addresses
// included, and PSTATE.PAN (set for good on CPUs with FEAT_PAN, user/privileged_access.cpp)
// never has to be lifted, so no plain kernel load or store ever reaches user memory. Each of
// them is listed in .exception_fixups: a fault resumes at the function's "return false".
// Unaligned accesses are fine: SCTLR_EL1.A is clear and user memory is Normal memory.

#include <core/exception_fixup.inc>

    .text

// bool aarch64_copy_from_user(void* to, uintptr_t from, size_t size)
    .globl  aarch64_copy_from_user
    .type   aarch64_copy_from_user, %function
aarch64_copy_from_user:
    cmp     x2, #8
    b.lo    2f
1:  ldtr    x3, [x1]                     // 8 bytes at a time while they last
    str     x3, [x0], #8
    add     x1, x1, #8
    sub     x2, x2, #8
    cmp     x2, #8
    b.hs    1b
2:  cbz     x2, 4f
3:  ldtrb   w3, [x1]                     // then the tail byte by byte
    strb    w3, [x0], #1
    add     x1, x1, #1
    subs    x2, x2, #1
    b.ne    3b
4:  mov     w0, #1
    ret
5:  mov     w0, #0
    ret
    exception_fixup 1b, 5b
    exception_fixup 3b, 5b
    .size   aarch64_copy_from_user, . - aarch64_copy_from_user

// bool aarch64_copy_to_user(uintptr_t to, const void* from, size_t size)
    .globl  aarch64_copy_to_user
    .type   aarch64_copy_to_user, %function
aarch64_copy_to_user:
    cmp     x2, #8
    b.lo    2f
1:  ldr     x3, [x1], #8
6:  sttr    x3, [x0]
    add     x0, x0, #8
    sub     x2, x2, #8
    cmp     x2, #8
    b.hs    1b
2:  cbz     x2, 4f
3:  ldrb    w3, [x1], #1
7:  sttrb   w3, [x0]
    add     x0, x0, #1
    subs    x2, x2, #1
    b.ne    3b
4:  mov     w0, #1
    ret
5:  mov     w0, #0
    ret
    exception_fixup 6b, 5b
    exception_fixup 7b, 5b
    .size   aarch64_copy_to_user, . - aarch64_copy_to_user
