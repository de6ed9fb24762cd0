#pragma once
// The 16550: QEMU's ns16550a on riscv64 virt (memory-mapped) and the PC's COM1 (I/O ports).
// Register facts from the 16550 data sheet, as in the kernel's polled driver
// (kernel/dev/uart/ns16550.cpp), plus the interrupt enable bits.

#include "uart_driver.h"

#include <dev/uart/uart.h>

namespace mica::console {

class Ns16550Driver final : public UartDriver {
public:
    explicit Ns16550Driver(RegisterWindow& registers) : m_registers(registers) {}

    void enable_receive_interrupts() override;
    void put_byte(uint8_t byte) override;
    int try_get_byte() override;

private:
    RegisterWindow& m_registers;
};

} // namespace mica::console
