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

// One byte from / to an I/O port (io_port_test.cpp). Faults (#GP) unless the process opened the
// port with io_port_access.
inline uint8_t port_read8(uint16_t port) {
    uint8_t value;
    asm volatile("inb %1, %0" : "=a"(value) : "Nd"(port));
    return value;
}
inline void port_write8(uint16_t port, uint8_t value) {
    asm volatile("outb %0, %1" ::"a"(value), "Nd"(port));
}

} // namespace mica::test::arch
