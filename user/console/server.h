#pragma once
// The console service's loop: one thread serves the endpoint (mica/protocol/console.h) and, through
// the notification bound to it, the UART's receive interrupt, so no lock is needed anywhere.

#include "input_buffer.h"
#include "uart_driver.h"

#include <abi/ipc_buffer.h>
#include <mica/handle.h>

namespace mica::console {

class Server {
public:
    struct Handles {
        abi::Handle endpoint;    // read: the service's endpoint
        abi::Handle interrupt;   // the UART's line (manage, write)
        abi::Handle input_ready; // notification handed to readers (duplicate, signal)
        abi::Handle irq_events;  // notification bound to `endpoint` and `interrupt`
    };

    static constexpr uint64_t kInterruptBit = 1;

    Server(UartDriver& uart, const Handles& handles, abi::IpcBuffer& buffer)
        : m_uart(uart), m_handles(handles), m_buffer(buffer) {}

    // Takes what arrived before the interrupt was bound. Call once before serve().
    void drain_receiver();
    [[noreturn]] void serve();

private:
    struct Reply {
        uint64_t info;
        uint64_t words[3];
    };

    Reply handle_call(uint64_t info, uint64_t argument);
    Reply write(uint64_t info, uint64_t count);
    Reply read(uint64_t capacity);
    Reply input_event();
    void interrupt_fired();
    void announce_input();

    UartDriver& m_uart;
    Handles m_handles;
    abi::IpcBuffer& m_buffer;
    InputBuffer m_input;
};

} // namespace mica::console
