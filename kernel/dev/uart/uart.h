#pragma once
// A serial port as the kernel console sees it: polled, byte at a time. Early boot has no
// interrupts, and panic paths must not depend on them.

#include <lib/types.h>

namespace mica {

class Uart {
public:
    virtual void put_byte(uint8_t byte) = 0;
    // Returns -1 when no byte is waiting.
    virtual int try_get_byte() = 0;

protected:
    ~Uart() = default;
};

// Byte-wide access to a bank of device registers, by register index. Lets one UART driver serve
// memory-mapped parts (with any register stride) and x86 I/O ports alike.
class RegisterWindow {
public:
    virtual uint8_t read(unsigned index) = 0;
    virtual void write(unsigned index, uint8_t value) = 0;

protected:
    ~RegisterWindow() = default;
};

// Memory-mapped registers `1 << shift` bytes apart, accessed `io_width` bytes wide (the DTB's
// reg-shift and reg-io-width properties).
class MmioRegisterWindow final : public RegisterWindow {
public:
    MmioRegisterWindow(volatile void* base, unsigned shift, unsigned io_width)
        : m_base(static_cast<volatile uint8_t*>(base)), m_shift(shift), m_io_width(io_width) {}

    uint8_t read(unsigned index) override {
        volatile uint8_t* reg = m_base + (uintptr_t(index) << m_shift);
        if (m_io_width == 4)
            return uint8_t(*reinterpret_cast<volatile uint32_t*>(reg));
        return *reg;
    }

    void write(unsigned index, uint8_t value) override {
        volatile uint8_t* reg = m_base + (uintptr_t(index) << m_shift);
        if (m_io_width == 4)
            *reinterpret_cast<volatile uint32_t*>(reg) = value;
        else
            *reg = value;
    }

private:
    volatile uint8_t* m_base;
    unsigned m_shift;
    unsigned m_io_width;
};

} // namespace mica
