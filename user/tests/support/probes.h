#pragma once
// The assembler probes of arch/<isa>/probes.S; arch.h (the ISA's) says how many words the FP
// probe's pattern has and which control-register values are valid.

#include <arch.h>
#include <lib/types.h>

extern "C" {
// Loads every FP/SIMD register and the FP control register from `pattern`, makes the syscall
// `yield_number` (thread_yield) `rounds` times, then stores them all to `out`
// (arch::kFpuWords words each).
void mica_test_fpu_probe(const uint64_t* pattern, uint64_t* out, uint64_t yield_number,
                         uint64_t rounds);
// Makes syscall `number` with `arg0` and junk in the other argument registers (those that are
// also results must come back as the syscall's results) while every register the ABI says the
// kernel keeps holds a pattern; stores the status and the five results to out[0..5] and returns
// 0 if all those registers still hold their pattern afterwards.
uint64_t mica_test_syscall_register_probe(uint64_t number, uint64_t arg0, uint64_t* out);
// Executes an illegal instruction: the process faults.
void mica_test_illegal_instruction();
}
