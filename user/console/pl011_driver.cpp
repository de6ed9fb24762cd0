#include "pl011_driver.h"

namespace mica::console {

namespace {
// Word offsets.
constexpr unsigned kData = 0x000 / 4;
constexpr unsigned kFlags = 0x018 / 4;
constexpr unsigned kInterruptMask = 0x038 / 4;
constexpr unsigned kInterruptClear = 0x044 / 4;

constexpr uint32_t kFlagTransmitFull = 1u << 5;
constexpr uint32_t kFlagReceiveEmpty = 1u << 4;
// RXIM fires at the FIFO trigger level, RTIM when fewer bytes sit there for a while: together
// every byte raises an interrupt.
constexpr uint32_t kReceiveInterrupts = (1u << 4) | (1u << 6);
} // namespace

void Pl011Driver::enable_receive_interrupts() {
    m_registers[kInterruptClear] = kReceiveInterrupts;
    m_registers[kInterruptMask] = m_registers[kInterruptMask] | kReceiveInterrupts;
}

void Pl011Driver::put_byte(uint8_t byte) {
    while (m_registers[kFlags] & kFlagTransmitFull) {
    }
    m_registers[kData] = byte;
}

int Pl011Driver::try_get_byte() {
    if (m_registers[kFlags] & kFlagReceiveEmpty)
        return -1;
    return int(m_registers[kData] & 0xff);
}

} // namespace mica::console
