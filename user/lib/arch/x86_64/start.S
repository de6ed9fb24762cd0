// The first instruction of every x86_64 program (the convention: include/mica/startup.h).
// In: rdi = process_start's handle argument (0: none), rsp = the abi::StartupInfo.
    .section .text.start, "ax"
    .globl _start
    .type _start, @function
_start:
    xor %ebp, %ebp          // no caller frame: backtraces end here
    mov %rsp, %rsi          // mica_startup(handle, info)
    and $-16, %rsp          // the block is 16-byte aligned already; make sure of it
    call mica_startup       // pushes 8 bytes: the callee sees rsp = 8 mod 16, as the ABI wants
    ud2                     // mica_startup never returns
    .size _start, . - _start
