// The stubs <abi/user_syscalls.h> builds on, the same for every ISA: each pads its arguments to
// six and traps through this ISA's syscall_trap() (arch/<isa>/include/mica/arch/syscall_trap.h).

#include <abi/user_syscalls.h>
#include <mica/arch/syscall_trap.h>

namespace mica::sys {

SyscallReturn mica_syscall0(uint64_t n) { return syscall_trap(n, 0, 0, 0, 0, 0, 0); }
SyscallReturn mica_syscall1(uint64_t n, uint64_t a0) { return syscall_trap(n, a0, 0, 0, 0, 0, 0); }
SyscallReturn mica_syscall2(uint64_t n, uint64_t a0, uint64_t a1) {
    return syscall_trap(n, a0, a1, 0, 0, 0, 0);
}
SyscallReturn mica_syscall3(uint64_t n, uint64_t a0, uint64_t a1, uint64_t a2) {
    return syscall_trap(n, a0, a1, a2, 0, 0, 0);
}
SyscallReturn mica_syscall4(uint64_t n, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3) {
    return syscall_trap(n, a0, a1, a2, a3, 0, 0);
}
SyscallReturn mica_syscall5(uint64_t n, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
                            uint64_t a4) {
    return syscall_trap(n, a0, a1, a2, a3, a4, 0);
}
SyscallReturn mica_syscall6(uint64_t n, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
                            uint64_t a4, uint64_t a5) {
    return syscall_trap(n, a0, a1, a2, a3, a4, a5);
}

} // namespace mica::sys
