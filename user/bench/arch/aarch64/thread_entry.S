// The first instruction of a benchmark thread (support.cpp). In: x0 = its StartBlock, sp = the
// same address, 16-byte aligned.
    .text
    .globl mica_bench_thread_entry
    .type mica_bench_thread_entry, %function
mica_bench_thread_entry:
    mov x29, #0
    mov x30, #0
    bl mica_bench_thread_main
    udf #0
    .size mica_bench_thread_entry, . - mica_bench_thread_entry

    .section .note.GNU-stack, "", %progbits
