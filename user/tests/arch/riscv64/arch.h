#pragma once
// What the generic tests need to know about riscv64 (the same names in every arch/<isa>/arch.h).

#include <abi/mica_abi.h>

namespace mica::test::arch {

constexpr uint8_t kIsa = abi::kIsaRiscv64;

// mica_test_fpu_probe's pattern: f0..f31 (one word each), then fcsr.
constexpr unsigned kFpuVectorWords = 32;
constexpr unsigned kFpuWords = kFpuVectorWords + 1;
// Two fcsr values that differ: round to nearest, and round toward zero (frm = 1) with the
// inexact flag set.
constexpr uint64_t kFpuControl[2] = {0x0, 0x21};

// riscv64 has no I/O port space: the port cases check kIsa first and never get here; if one did,
// the trap makes it fail loudly.
inline uint8_t port_read8(uint16_t) { __builtin_trap(); }
inline void port_write8(uint16_t, uint8_t) { __builtin_trap(); }

} // namespace mica::test::arch
