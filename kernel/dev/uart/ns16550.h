#pragma once
// The 16550-compatible UART: QEMU's ns16550a on riscv64 virt and the PC's COM1.

#include <dev/uart/uart.h>

namespace mica {

class Ns16550 final : public Uart {
public:
    explicit Ns16550(RegisterWindow& registers) : m_registers(registers) {}

    // Programs 8N1 with FIFOs on. The divisor is left as firmware set it when `divisor` is 0,
    // since on boards we did not boot first the input clock is unknown.
    void init(uint16_t divisor = 0);
    void put_byte(uint8_t byte) override;
    int try_get_byte() override;

private:
    RegisterWindow& m_registers;
};

} // namespace mica
