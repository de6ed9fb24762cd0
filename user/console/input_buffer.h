#pragma once
// Received bytes waiting for a reader: a ring that keeps the oldest input when it overflows (a
// reader that falls this far behind loses what was typed last, and the count says how much).

#include <lib/types.h>

namespace mica::console {

class InputBuffer {
public:
    static constexpr size_t kCapacity = 4096;

    // False (and counted as dropped) when full.
    bool push(uint8_t byte) {
        if (m_count == kCapacity) {
            ++m_dropped;
            return false;
        }
        m_bytes[(m_head + m_count) % kCapacity] = byte;
        ++m_count;
        return true;
    }

    // Moves up to `capacity` bytes out, oldest first; returns how many.
    size_t pop(uint8_t* destination, size_t capacity) {
        size_t moved = 0;
        while (moved < capacity && m_count > 0) {
            destination[moved++] = m_bytes[m_head];
            m_head = (m_head + 1) % kCapacity;
            --m_count;
        }
        return moved;
    }

    size_t size() const { return m_count; }
    uint64_t dropped() const { return m_dropped; }

private:
    uint8_t m_bytes[kCapacity];
    size_t m_head = 0;
    size_t m_count = 0;
    uint64_t m_dropped = 0;
};

} // namespace mica::console
