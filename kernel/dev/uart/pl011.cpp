#include <dev/uart/pl011.h>

namespace mica {

namespace {
// Word offsets of the registers we use (PL011 TRM, register summary).
constexpr unsigned kData = 0x000 / 4;
constexpr unsigned kFlags = 0x018 / 4;
constexpr unsigned kLineControl = 0x02c / 4;
constexpr unsigned kControl = 0x030 / 4;
constexpr unsigned kInterruptMask = 0x038 / 4;

constexpr uint32_t kFlagTransmitFull = 1u << 5;
constexpr uint32_t kFlagReceiveEmpty = 1u << 4;
constexpr uint32_t kLineControlFifo8Bit = (1u << 4) | (3u << 5);
constexpr uint32_t kControlEnable = (1u << 0) | (1u << 8) | (1u << 9); // UARTEN, TXE, RXE
} // namespace

void Pl011::init() {
    m_base[kInterruptMask] = 0;
    m_base[kLineControl] = kLineControlFifo8Bit;
    m_base[kControl] = kControlEnable;
}

void Pl011::put_byte(uint8_t byte) {
    while (m_base[kFlags] & kFlagTransmitFull) {
    }
    m_base[kData] = byte;
}

int Pl011::try_get_byte() {
    if (m_base[kFlags] & kFlagReceiveEmpty)
        return -1;
    return int(m_base[kData] & 0xff);
}

} // namespace mica
