#include <fs/partition/crc32.h>

namespace mica::fs {

// Bit at a time: GPT checks a header and a 16 KiB entry array once per mount, so a 1 KiB table
// would buy nothing worth its memory.
void Crc32::update(Bytes data) {
    uint32_t state = m_state;
    for (uint8_t byte : data) {
        state ^= byte;
        for (int bit = 0; bit < 8; ++bit)
            state = (state >> 1) ^ (0xEDB88320u & (0u - (state & 1u)));
    }
    m_state = state;
}

} // namespace mica::fs
