#pragma once
// WasiHost for the host embedder: the process's own stdin/stdout/stderr, clock_gettime and
// getrandom (the kernel's CSPRNG).

#include <wasm/wasi/host.h>

namespace mica::wasm::embedder {

class PosixHost final : public wasi::WasiHost {
public:
    wasi::Errno write(wasi::Stream stream, Span<const uint8_t> bytes) override;
    wasi::Errno read(wasi::Stream stream, Span<uint8_t> bytes, size_t& read) override;
    wasi::Errno clock_now(wasi::ClockId clock, uint64_t& nanoseconds) override;
    wasi::Errno clock_resolution(wasi::ClockId clock, uint64_t& nanoseconds) override;
    void sleep_until(uint64_t monotonic_deadline) override;
    wasi::Errno random(Span<uint8_t> bytes) override;
    void yield() override;
};

// The WASI errno for a POSIX errno value.
wasi::Errno errno_from_posix(int error);

} // namespace mica::wasm::embedder
