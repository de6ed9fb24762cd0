#pragma once
// CRC-32 as GPT uses it (UEFI spec, "GUID Partition Table (GPT) Disk Layout"): the reflected
// polynomial 0xEDB88320, initial value and final XOR 0xFFFFFFFF, the same CRC as zlib and
// Ethernet. Incremental, so the partition entry array can be checked one block at a time.

#include <lib/span.h>

namespace mica::fs {

class Crc32 {
public:
    void update(Bytes data);
    uint32_t value() const { return ~m_state; }

private:
    uint32_t m_state = ~uint32_t{0};
};

inline uint32_t crc32(Bytes data) {
    Crc32 crc;
    crc.update(data);
    return crc.value();
}

} // namespace mica::fs
