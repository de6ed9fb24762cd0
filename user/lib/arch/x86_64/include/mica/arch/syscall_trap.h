#pragma once
// The x86_64 trap behind every syscall stub (abi/mica.abi, `isa x86_64`): the number in rax,
// arguments in rdi, rsi, rdx, r10, r8, r9; the status comes back in rax and results in rdi, rsi,
// rdx, r10, r8. The syscall instruction itself overwrites rcx (return rip) and r11 (rflags).
// libmica's generic stubs (src/syscall.cpp) are built on syscall_trap().

#include <abi/mica_abi.h>

namespace mica::sys {

inline SyscallReturn syscall_trap(uint64_t number, uint64_t a0, uint64_t a1, uint64_t a2,
                                  uint64_t a3, uint64_t a4, uint64_t a5) {
    register uint64_t rax asm("rax") = number;
    register uint64_t rdi asm("rdi") = a0;
    register uint64_t rsi asm("rsi") = a1;
    register uint64_t rdx asm("rdx") = a2;
    register uint64_t r10 asm("r10") = a3;
    register uint64_t r8 asm("r8") = a4;
    register uint64_t r9 asm("r9") = a5;
    // "memory": the kernel reads and writes user buffers named by the arguments.
    asm volatile("syscall"
                 : "+r"(rax), "+r"(rdi), "+r"(rsi), "+r"(rdx), "+r"(r10), "+r"(r8)
                 : "r"(r9)
                 : "rcx", "r11", "memory");
    return {rax, {rdi, rsi, rdx, r10, r8}};
}

} // namespace mica::sys
