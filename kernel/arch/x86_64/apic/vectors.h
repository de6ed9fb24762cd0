#pragma once
// How the 256 IDT vectors are used. 0-31 are exceptions. The 8259 PICs are remapped onto 32-47
// only so that a spurious IRQ 7/15 from them cannot look like an exception; they stay masked.
// Device lines get one vector each from 48 up. The local APIC's own sources sit at the top,
// where the priority class is highest.

#include <lib/types.h>

namespace mica::arch::vectors {

constexpr uint8_t kFirstException = 0;
constexpr uint8_t kLegacyPicBase = 0x20; // master 0x20-0x27, slave 0x28-0x2f
constexpr uint8_t kFirstDevice = 0x30;
constexpr uint8_t kLastDevice = 0xef;
constexpr uint8_t kTimer = 0xf0;
constexpr uint8_t kIpi = 0xf1;
constexpr uint8_t kApicError = 0xfe;
// Bits 3:0 of the spurious vector must be 1s on P6-era APICs; 0xff satisfies every model.
constexpr uint8_t kSpurious = 0xff;

constexpr uint32_t kDeviceLines = kLastDevice - kFirstDevice + 1;

constexpr uint8_t for_line(uint32_t line) { return uint8_t(kFirstDevice + line); }

} // namespace mica::arch::vectors
