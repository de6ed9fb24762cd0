// The first instruction of a benchmark thread (support.cpp). In: rdi = its StartBlock, rsp = the
// same address, 16-byte aligned; the call pushes 8 bytes, as the SysV ABI expects at entry.
    .text
    .globl mica_bench_thread_entry
    .type mica_bench_thread_entry, @function
mica_bench_thread_entry:
    xor %ebp, %ebp
    and $-16, %rsp
    call mica_bench_thread_main
    ud2
    .size mica_bench_thread_entry, . - mica_bench_thread_entry

    .section .note.GNU-stack, "", @progbits
