// The first instruction of every riscv64 program (the convention: include/mica/startup.h).
// In: a0 = process_start's handle argument (0: none), sp = the abi::StartupInfo.
// gp stays unused: ld.lld relaxes nothing against __global_pointer$ unless asked to.
    .section .text.start, "ax"
    .globl _start
    .type _start, @function
_start:
    li s0, 0                // no caller frame: backtraces end here
    li ra, 0
    mv a1, sp               // mica_startup(handle, info)
    andi sp, sp, -16        // the block is 16-byte aligned already; make sure of it
    call mica_startup
    unimp                   // mica_startup never returns
    .size _start, . - _start
