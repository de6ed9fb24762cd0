#include <dev/uart/ns16550.h>

namespace mica {

namespace {
// Register indices (DLAB=0 unless noted) and the bits we use, from the 16550 data sheet.
enum Register : unsigned {
    kData = 0,            // RBR/THR; DLL when DLAB=1
    kInterruptEnable = 1, // DLM when DLAB=1
    kFifoControl = 2,
    kLineControl = 3,
    kModemControl = 4,
    kLineStatus = 5,
};
constexpr uint8_t kLineControlDlab = 0x80;
constexpr uint8_t kLineControl8N1 = 0x03;
constexpr uint8_t kFifoEnableAndClear = 0x07;
constexpr uint8_t kModemDtrRts = 0x03;
constexpr uint8_t kStatusDataReady = 0x01;
constexpr uint8_t kStatusTransmitEmpty = 0x20;
} // namespace

void Ns16550::init(uint16_t divisor) {
    m_registers.write(kInterruptEnable, 0);
    if (divisor) {
        m_registers.write(kLineControl, kLineControlDlab);
        m_registers.write(kData, uint8_t(divisor));
        m_registers.write(kInterruptEnable, uint8_t(divisor >> 8));
    }
    m_registers.write(kLineControl, kLineControl8N1);
    m_registers.write(kFifoControl, kFifoEnableAndClear);
    m_registers.write(kModemControl, kModemDtrRts);
}

void Ns16550::put_byte(uint8_t byte) {
    while (!(m_registers.read(kLineStatus) & kStatusTransmitEmpty)) {
    }
    m_registers.write(kData, byte);
}

int Ns16550::try_get_byte() {
    if (!(m_registers.read(kLineStatus) & kStatusDataReady))
        return -1;
    return m_registers.read(kData);
}

} // namespace mica
