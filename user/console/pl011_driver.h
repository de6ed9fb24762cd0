#pragma once
// The Arm PL011 (aarch64 QEMU virt). Register facts from the PL011 TRM, as in the kernel's polled
// driver (kernel/dev/uart/pl011.cpp), plus the interrupt mask and clear registers.

#include "uart_driver.h"

namespace mica::console {

class Pl011Driver final : public UartDriver {
public:
    explicit Pl011Driver(volatile uint32_t* registers) : m_registers(registers) {}

    void enable_receive_interrupts() override;
    void put_byte(uint8_t byte) override;
    int try_get_byte() override;

private:
    volatile uint32_t* m_registers;
};

} // namespace mica::console
