#pragma once
// What the generic tests need to know about x86_64 (the same names in every arch/<isa>/arch.h).

#include <abi/mica_abi.h>

namespace mica::test::arch {

constexpr uint8_t kIsa = abi::kIsaX86_64;

// mica_test_fpu_probe's pattern: xmm0..xmm15 (two words each), then MXCSR.
constexpr unsigned kFpuVectorWords = 32;
constexpr unsigned kFpuWords = kFpuVectorWords + 1;
// Two valid MXCSR values that differ: the default (all exceptions masked, round to nearest) and
// round toward zero.
constexpr uint64_t kFpuControl[2] = {0x1f80, 0x7f80};

} // namespace mica::test::arch
