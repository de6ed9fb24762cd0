#include "mica_host.h"

#include <abi/user_syscalls.h>

namespace mica::wasm_run {

using wasm::wasi::ClockId;
using wasm::wasi::Errno;
using wasm::wasi::Stream;

namespace {

constexpr uint64_t kMonotonicClock = 0; // clock_get's only clock

// The ABI does not report the counter's resolution; 1 µs bounds every counter the kernel reads
// (the TSC, the generic timer, riscv64's `time`, 10 MHz on QEMU virt).
constexpr uint64_t kReportedResolution = 1000;

uint64_t monotonic_now() {
    uint64_t now = 0;
    (void)sys::clock_get(kMonotonicClock, &now); // clock 0 always exists
    return now;
}

} // namespace

MicaHost::MicaHost(Span<const uint8_t> input) : m_input(input), m_random(monotonic_now()) {}

Errno MicaHost::write(Stream stream, Span<const uint8_t> bytes) {
    if (stream == Stream::In)
        return Errno::BadFd;
    // debug_write takes at most 256 bytes a call; both streams end up on the one console.
    constexpr size_t kChunk = 256;
    for (size_t done = 0; done < bytes.size();) {
        size_t size = bytes.size() - done < kChunk ? bytes.size() - done : kChunk;
        if (sys::debug_write(bytes.data() + done, size) != abi::Status::Ok)
            return Errno::Io;
        done += size;
    }
    return Errno::Success;
}

Errno MicaHost::read(Stream stream, Span<uint8_t> bytes, size_t& read) {
    if (stream != Stream::In)
        return Errno::BadFd;
    size_t left = m_input.size() - m_input_offset;
    read = bytes.size() < left ? bytes.size() : left;
    __builtin_memcpy(bytes.data(), m_input.data() + m_input_offset, read);
    m_input_offset += read;
    return Errno::Success;
}

Errno MicaHost::clock_now(ClockId clock, uint64_t& nanoseconds) {
    // No wall clock (RTC) and no CPU-time accounting in the ABI yet: only the monotonic clock.
    // Refusing the others is honest; faking them from the monotonic clock would not be.
    if (clock != ClockId::Monotonic)
        return Errno::NotSupported;
    nanoseconds = monotonic_now();
    return Errno::Success;
}

Errno MicaHost::clock_resolution(ClockId clock, uint64_t& nanoseconds) {
    if (clock != ClockId::Monotonic)
        return Errno::NotSupported;
    nanoseconds = kReportedResolution;
    return Errno::Success;
}

void MicaHost::sleep_until(uint64_t monotonic_deadline) {
    // thread_sleep takes a deadline on the same clock; an early wake-up just sleeps again.
    while (monotonic_now() < monotonic_deadline)
        (void)sys::thread_sleep(monotonic_deadline);
}

Errno MicaHost::random(Span<uint8_t> bytes) {
    for (size_t i = 0; i < bytes.size(); i += 8) {
        uint64_t word = m_random.next();
        for (size_t k = 0; k < 8 && i + k < bytes.size(); ++k)
            bytes[i + k] = uint8_t(word >> (8 * k));
    }
    return Errno::Success;
}

void MicaHost::yield() { (void)sys::thread_yield(); }

} // namespace mica::wasm_run
