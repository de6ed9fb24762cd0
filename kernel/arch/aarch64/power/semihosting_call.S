// uint64_t semihosting_call(uint64_t operation, uint64_t parameter): one semihosting request.
// The HLT has a label of its own so the trap path can tell a missing host from a real fault.

    .section .text.semihosting_call, "ax"
    .globl  semihosting_call, semihosting_hlt
    .type   semihosting_call, %function
semihosting_call:
semihosting_hlt:
    hlt     #0xf000
    ret
    .size   semihosting_call, . - semihosting_call
