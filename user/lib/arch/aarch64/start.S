// The first instruction of every aarch64 program (the convention: include/mica/startup.h).
// In: x0 = process_start's handle argument (0: none), sp = the abi::StartupInfo.
    .section .text.start, "ax"
    .globl _start
    .type _start, %function
_start:
    mov x29, #0             // no caller frame: backtraces end here
    mov x30, #0
    mov x1, sp              // mica_startup(handle, info)
    and x9, x1, #~15        // the block is 16-byte aligned already; make sure of it
    mov sp, x9
    bl mica_startup
    brk #0                  // mica_startup never returns
    .size _start, . - _start
