#pragma once
// WasiHost inside Mica, for now: standard output and error go to the kernel console through
// debug_write, standard input is a byte buffer (a boot archive file, or empty), the monotonic
// clock is clock_get's, sleeping is thread_sleep, randomness is SeededRandom (not a CSPRNG).
// When the console service takes over the terminal, a host that talks to it replaces this one;
// the WASI layer does not change.

#include "seeded_random.h"
#include <wasm/wasi/host.h>

namespace mica::wasm_run {

class MicaHost final : public wasm::wasi::WasiHost {
public:
    // `input` is what the module reads as standard input; it must outlive the host.
    explicit MicaHost(Span<const uint8_t> input);

    wasm::wasi::Errno write(wasm::wasi::Stream stream, Span<const uint8_t> bytes) override;
    wasm::wasi::Errno read(wasm::wasi::Stream stream, Span<uint8_t> bytes, size_t& read) override;
    wasm::wasi::Errno clock_now(wasm::wasi::ClockId clock, uint64_t& nanoseconds) override;
    wasm::wasi::Errno clock_resolution(wasm::wasi::ClockId clock, uint64_t& nanoseconds) override;
    void sleep_until(uint64_t monotonic_deadline) override;
    wasm::wasi::Errno random(Span<uint8_t> bytes) override;
    void yield() override;

private:
    Span<const uint8_t> m_input;
    size_t m_input_offset = 0;
    SeededRandom m_random;
};

} // namespace mica::wasm_run
