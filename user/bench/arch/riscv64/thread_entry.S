// The first instruction of a benchmark thread (support.cpp). In: a0 = its StartBlock, sp = the
// same address, 16-byte aligned.
    .text
    .globl mica_bench_thread_entry
    .type mica_bench_thread_entry, @function
mica_bench_thread_entry:
    mv fp, zero
    mv ra, zero
    call mica_bench_thread_main
    unimp
    .size mica_bench_thread_entry, . - mica_bench_thread_entry

    .section .note.GNU-stack, "", @progbits
