#pragma once
// random_get's source inside Mica: SplitMix64, seeded from the monotonic clock at start. It is
// NOT a cryptographic generator and its seed is guessable; a module that asks WASI for secret
// randomness gets predictable bytes until there is an entropy driver (virtio-rng) to seed a
// CSPRNG. Good enough for hash-table seeds and the like, which is what wasi-libc uses it for.

#include <lib/types.h>

namespace mica::wasm_run {

class SeededRandom {
public:
    explicit SeededRandom(uint64_t seed) : m_state(seed) {}

    uint64_t next() {
        // SplitMix64 (Steele, Lea, Flood: "Fast splittable pseudorandom number generators").
        uint64_t z = (m_state += 0x9e3779b97f4a7c15);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
        z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
        return z ^ (z >> 31);
    }

private:
    uint64_t m_state;
};

} // namespace mica::wasm_run
