#pragma once
// Reading integers of a known byte order from unaligned memory. The FDT is big-endian; multiboot2
// and ACPI are little-endian; neither is guaranteed to be aligned for the reader's CPU.

#include <lib/types.h>

namespace mica {

inline uint32_t load_be32(const uint8_t* p) {
    return uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | uint32_t(p[3]);
}

inline uint64_t load_be64(const uint8_t* p) {
    return uint64_t(load_be32(p)) << 32 | load_be32(p + 4);
}

inline uint16_t load_le16(const uint8_t* p) { return uint16_t(p[0] | p[1] << 8); }

inline uint32_t load_le32(const uint8_t* p) {
    return uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24;
}

inline uint64_t load_le64(const uint8_t* p) {
    return uint64_t(load_le32(p)) | uint64_t(load_le32(p + 4)) << 32;
}

} // namespace mica
