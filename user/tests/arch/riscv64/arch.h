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

} // namespace mica::test::arch
