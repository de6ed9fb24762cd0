#include "ns16550_driver.h"

namespace mica::console {

namespace {
enum Register : unsigned {
    kData = 0,
    kInterruptEnable = 1,
    kModemControl = 4,
    kLineStatus = 5,
};
// IER: "received data available", which with FIFOs also covers the character timeout.
constexpr uint8_t kEnableReceiveInterrupt = 0x01;
// MCR OUT2 gates the interrupt output onto the bus on PC-compatible boards.
constexpr uint8_t kModemOut2 = 0x08;
constexpr uint8_t kStatusDataReady = 0x01;
constexpr uint8_t kStatusTransmitEmpty = 0x20;
} // namespace

void Ns16550Driver::enable_receive_interrupts() {
    m_registers.write(kModemControl, uint8_t(m_registers.read(kModemControl) | kModemOut2));
    m_registers.write(kInterruptEnable, kEnableReceiveInterrupt);
}

void Ns16550Driver::put_byte(uint8_t byte) {
    while (!(m_registers.read(kLineStatus) & kStatusTransmitEmpty)) {
    }
    m_registers.write(kData, byte);
}

int Ns16550Driver::try_get_byte() {
    if (!(m_registers.read(kLineStatus) & kStatusDataReady))
        return -1;
    return m_registers.read(kData);
}

} // namespace mica::console
