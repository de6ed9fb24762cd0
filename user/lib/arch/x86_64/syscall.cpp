// The x86_64 trap behind every syscall stub (abi/mica.abi, `isa x86_64`): the number in rax,
// arguments in rdi, rsi, rdx, r10, r8, r9; the status comes back in rax and results in rdi, rsi,
// rdx, r10, r8. The syscall instruction itself overwrites rcx (return rip) and r11 (rflags).

#include <abi/user_syscalls.h>

namespace mica::sys {

namespace {

inline SyscallReturn trap(uint64_t number, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
                          uint64_t a4, uint64_t a5) {
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

} // namespace

SyscallReturn mica_syscall0(uint64_t n) { return trap(n, 0, 0, 0, 0, 0, 0); }
SyscallReturn mica_syscall1(uint64_t n, uint64_t a0) { return trap(n, a0, 0, 0, 0, 0, 0); }
SyscallReturn mica_syscall2(uint64_t n, uint64_t a0, uint64_t a1) {
    return trap(n, a0, a1, 0, 0, 0, 0);
}
SyscallReturn mica_syscall3(uint64_t n, uint64_t a0, uint64_t a1, uint64_t a2) {
    return trap(n, a0, a1, a2, 0, 0, 0);
}
SyscallReturn mica_syscall4(uint64_t n, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3) {
    return trap(n, a0, a1, a2, a3, 0, 0);
}
SyscallReturn mica_syscall5(uint64_t n, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
                            uint64_t a4) {
    return trap(n, a0, a1, a2, a3, a4, 0);
}
SyscallReturn mica_syscall6(uint64_t n, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
                            uint64_t a4, uint64_t a5) {
    return trap(n, a0, a1, a2, a3, a4, a5);
}

} // namespace mica::sys
