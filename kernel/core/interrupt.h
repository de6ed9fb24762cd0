#pragma once
// Where the arch's interrupt path enters generic code. The arch acknowledges the interrupt at its
// controller, calls exactly one of the handle_* functions with interrupts masked, signals end of
// interrupt, and calls interrupt_exit() last, on the interrupted thread's stack, which may switch
// to another thread (preemption) and return much later.

#include <lib/result.h>
#include <lib/types.h>

namespace mica {

// The per-CPU timer fired (arch::Timer deadline reached).
void handle_timer_interrupt();
// Another CPU sent this CPU an IPI (arch::Smp::send_ipi).
void handle_ipi();
// A device line routed through the interrupt controller. Unregistered lines are reported once
// and masked.
void handle_device_interrupt(uint32_t line);
// Last thing before returning from any interrupt: runs a pending reschedule.
void interrupt_exit();

namespace irq {
using Handler = void (*)(uint32_t line, void* context);
// Registers `handler` for a device line and unmasks it, routed to `target_cpu`.
Result<void> register_handler(uint32_t line, Handler handler, void* context,
                              uint32_t target_cpu = 0);
Result<void> unregister_handler(uint32_t line);
} // namespace irq

} // namespace mica
