#pragma once
// The aarch64 trap behind every syscall stub (abi/mica.abi, `isa aarch64`): the number in x8,
// arguments in x0..x5; the status comes back in x0 and results in x1..x5. The kernel preserves
// every other register. Only svc #0 is a syscall.
// libmica's generic stubs (src/syscall.cpp) are built on syscall_trap().

#include <abi/mica_abi.h>

namespace mica::sys {

inline SyscallReturn syscall_trap(uint64_t number, uint64_t a0, uint64_t a1, uint64_t a2,
                                  uint64_t a3, uint64_t a4, uint64_t a5) {
    register uint64_t number_register asm("x8") = number;
    register uint64_t r0 asm("x0") = a0;
    register uint64_t r1 asm("x1") = a1;
    register uint64_t r2 asm("x2") = a2;
    register uint64_t r3 asm("x3") = a3;
    register uint64_t r4 asm("x4") = a4;
    register uint64_t r5 asm("x5") = a5;
    // "memory": the kernel reads and writes user buffers named by the arguments.
    asm volatile("svc #0"
                 : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3), "+r"(r4), "+r"(r5)
                 : "r"(number_register)
                 : "memory");
    return {r0, {r1, r2, r3, r4, r5}};
}

} // namespace mica::sys
