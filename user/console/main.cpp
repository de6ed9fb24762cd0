// The console service: drives the console UART with receive interrupts and serves the console
// protocol (mica/protocol/console.h) on the endpoint init grants it.
//
//   console            the UART the device tree names (PlatformDescription, aarch64/riscv64)
//   console pc-com1    the PC's COM1 through I/O ports (x86_64)
//
// Granted by init: Console (the endpoint to serve, read), RootResource (manage: to claim the
// UART's registers and interrupt), and the PlatformDescription for the device tree.

#include "hardware.h"
#include "server.h"

#include <abi/user_syscalls.h>
#include <mica/print.h>
#include <mica/startup.h>
#include <string.h>

using namespace mica;
using namespace mica::console;

namespace {

SysResult<OwnedHandle> make_notification() {
    abi::Handle handle = kInvalidHandle;
    TRY(check(sys::notification_create(0, &handle), "notification_create"));
    return OwnedHandle(handle);
}

int fail(const char* step, const SysError& error) {
    println("console: {}: {}", step, error);
    return 1;
}

} // namespace

int main(int argc, char** argv) {
    abi::Handle endpoint = startup_handle(abi::StartupRole::Console);
    abi::Handle resource = startup_handle(abi::StartupRole::RootResource);
    if (endpoint == kInvalidHandle || resource == kInvalidHandle) {
        println("console: started without its endpoint or the resource; nothing to serve");
        return 1;
    }
    bool pc = argc > 1 && strcmp(argv[1], "pc-com1") == 0;
    auto hardware =
        pc ? pc_com1_console(resource)
           : device_tree_console(resource, startup_handle(abi::StartupRole::SelfAddressSpace),
                                 startup_handle(abi::StartupRole::PlatformDescription));
    if (hardware.is_error())
        return fail("cannot claim the UART", hardware.error());

    auto irq_events = make_notification();
    auto input_ready = make_notification();
    if (irq_events.is_error() || input_ready.is_error())
        return fail("cannot make notifications",
                    irq_events.is_error() ? irq_events.error() : input_ready.error());
    ConsoleHardware& found = hardware.value();
    Server::Handles handles{endpoint, found.interrupt.get(), input_ready.value().get(),
                            irq_events.value().get()};
    if (auto bound =
            check(sys::interrupt_bind(handles.interrupt, handles.irq_events, Server::kInterruptBit),
                  "interrupt_bind");
        bound.is_error())
        return fail("cannot bind the interrupt", bound.error());
    if (auto bound = check(sys::endpoint_bind_notification(endpoint, handles.irq_events),
                           "endpoint_bind_notification");
        bound.is_error())
        return fail("cannot bind the notification", bound.error());

    static Server server(*found.uart, handles,
                         *reinterpret_cast<abi::IpcBuffer*>(startup_info()->ipc_buffer));
    found.uart->enable_receive_interrupts();
    server.drain_receiver();
    println("console: {} at {:#x}, interrupt line {}: serving", found.kind, found.address,
            found.line);
    server.serve();
}
