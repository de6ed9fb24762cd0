#include <arch/io.h>
#include <arch/platform.h>
#include <dev/uart/ns16550.h>

namespace mica::arch {

namespace {

// A 16550's registers in the I/O port space, one port per register.
class PortRegisterWindow final : public RegisterWindow {
public:
    explicit constexpr PortRegisterWindow(IoPort base) : m_base(base) {}
    uint8_t read(unsigned index) override { return in8(IoPort(m_base + index)); }
    void write(unsigned index, uint8_t value) override { out8(IoPort(m_base + index), value); }

private:
    IoPort m_base;
};

constexpr IoPort kCom1 = 0x3f8;
constexpr unsigned kScratchRegister = 7;
// 115200 baud from the PC UART's 1.8432 MHz clock.
constexpr uint16_t kDivisor115200 = 1;

// An absent UART reads as all ones; one that keeps a scratch value is there.
bool uart_answers(RegisterWindow& registers) {
    constexpr uint8_t kProbes[] = {0x5a, 0xa5};
    for (uint8_t probe : kProbes) {
        registers.write(kScratchRegister, probe);
        if (registers.read(kScratchRegister) != probe)
            return false;
    }
    return true;
}

} // namespace

Uart* Platform::legacy_console() {
    static PortRegisterWindow registers(kCom1);
    static Ns16550 uart(registers);
    static bool probed = false;
    static bool present = false;
    if (!probed) {
        probed = true;
        present = uart_answers(registers);
        if (present)
            uart.init(kDivisor115200);
    }
    return present ? &uart : nullptr;
}

} // namespace mica::arch
