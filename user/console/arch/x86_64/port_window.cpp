#include "../../port_window.h"

#include <abi/user_syscalls.h>
#include <mica/handle.h>

namespace mica::console {

namespace {

class PortRegisterWindow final : public RegisterWindow {
public:
    explicit PortRegisterWindow(uint16_t base) : m_base(base) {}

    uint8_t read(unsigned index) override {
        uint8_t value;
        asm volatile("inb %1, %0" : "=a"(value) : "Nd"(uint16_t(m_base + index)));
        return value;
    }
    void write(unsigned index, uint8_t value) override {
        asm volatile("outb %0, %1" ::"a"(value), "Nd"(uint16_t(m_base + index)));
    }

private:
    uint16_t m_base;
};

} // namespace

SysResult<RegisterWindow*> open_port_window(abi::Handle resource, uint16_t base, uint16_t count) {
    abi::Handle range = kInvalidHandle;
    TRY(check(sys::io_port_range_create(resource, base, count, &range), "io_port_range_create"));
    // The range handle stays open (never closed) with the ports: they are this process's for
    // good.
    TRY(check(sys::io_port_access(range, 1), "io_port_access"));
    return static_cast<RegisterWindow*>(new PortRegisterWindow(base));
}

} // namespace mica::console
