// CSR reads that may trap as illegal because M-mode firmware has not opened them to S-mode,
// listed in .exception_fixups like the memory probes in probes.S.

    .option norelax

#include <core/exception_fixup.inc>

    .text

// bool riscv64_probe_stimecmp(): whether S-mode may access stimecmp (Sstc with menvcfg.STCE).
    .globl riscv64_probe_stimecmp
    .type riscv64_probe_stimecmp, @function
    .balign 4
riscv64_probe_stimecmp:
1:  csrr t0, 0x14d                     // stimecmp
    li a0, 1
    ret
2:  li a0, 0
    ret
    exception_fixup 1b, 2b
    .size riscv64_probe_stimecmp, . - riscv64_probe_stimecmp
