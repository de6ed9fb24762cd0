#pragma once
// The riscv64 trap behind every syscall stub (abi/mica.abi, `isa riscv64`): the number in a7,
// arguments in a0..a5; the status comes back in a0 and results in a1..a5. The kernel preserves
// every other register and steps sepc past the ecall.
// libmica's generic stubs (src/syscall.cpp) are built on syscall_trap().

#include <abi/mica_abi.h>

namespace mica::sys {

inline SyscallReturn syscall_trap(uint64_t number, uint64_t a0, uint64_t a1, uint64_t a2,
                                  uint64_t a3, uint64_t a4, uint64_t a5) {
    register uint64_t number_register asm("a7") = number;
    register uint64_t r0 asm("a0") = a0;
    register uint64_t r1 asm("a1") = a1;
    register uint64_t r2 asm("a2") = a2;
    register uint64_t r3 asm("a3") = a3;
    register uint64_t r4 asm("a4") = a4;
    register uint64_t r5 asm("a5") = a5;
    // "memory": the kernel reads and writes user buffers named by the arguments.
    asm volatile("ecall"
                 : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3), "+r"(r4), "+r"(r5)
                 : "r"(number_register)
                 : "memory");
    return {r0, {r1, r2, r3, r4, r5}};
}

} // namespace mica::sys
