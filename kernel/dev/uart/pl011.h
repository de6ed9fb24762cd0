#pragma once
// The ARM PrimeCell PL011 UART (QEMU virt on aarch64).

#include <dev/uart/uart.h>

namespace mica {

class Pl011 final : public Uart {
public:
    explicit Pl011(volatile void* base) : m_base(static_cast<volatile uint32_t*>(base)) {}

    // Leaves the baud rate as firmware set it; enables the UART, transmit and receive, 8N1.
    void init();
    void put_byte(uint8_t byte) override;
    int try_get_byte() override;

private:
    volatile uint32_t* m_base;
};

} // namespace mica
