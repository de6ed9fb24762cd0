#pragma once
// What the console service needs of a UART: polled output, draining received bytes, and receive
// interrupts. The kernel already programmed the line (8N1, FIFOs) for its own log on the same
// port; a driver here only turns interrupts on and never resets what the kernel set up.

#include <lib/types.h>

namespace mica::console {

class UartDriver {
public:
    // Turns on the receive (and receive-timeout) interrupts.
    virtual void enable_receive_interrupts() = 0;
    virtual void put_byte(uint8_t byte) = 0;
    // -1 when no byte is waiting. Reading the last byte also clears the receive interrupt.
    virtual int try_get_byte() = 0;

protected:
    ~UartDriver() = default;
};

} // namespace mica::console
