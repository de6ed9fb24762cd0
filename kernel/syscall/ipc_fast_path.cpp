// The endpoint syscalls' fast path (docs/performance.md, "IPC fast path"): endpoint_call and
// endpoint_reply_and_wait with register-only messages (no IPC-buffer words, no handles), taken
// by handle_syscall() before the generic dispatch. It does what sys_endpoint_call and
// sys_endpoint_reply_and_wait do for such a message, minus their general layers: one inline
// handle lookup, the message written straight into the outbox, the results straight into the
// frame. The endpoint work itself (Endpoint::call / reply / receive, with the direct switch to
// a partner blocked on this CPU: ipc_handoff.h) is shared with the full path, so every kill,
// deadline, notification and peer_closed case behaves exactly as there.
//
// Whatever it does not take (a message with buffer words or handles, flags it does not know, a
// bad handle, wrong type or rights) goes the full way with nothing changed, and the full path
// reports the error.

#include <abi/ipc_buffer.h>
#include <arch/cpu_local.h>
#include <arch/interrupts.h>
#include <arch/user_mode.h>
#include <object/endpoint.h>
#include <syscall/context.h>
#include <syscall/ipc_fast_path.h>
#include <syscall/ipc_transfer.h>

namespace mica::syscall {

namespace {

// The info bits a register-only message may set: the label (bits 16..31). Words, handles and
// the reserved bits 12..15 are zero, and no flag is set.
constexpr uint64_t kLabelBits = 0xffff'0000ull;

uint64_t argument(const arch::TrapFrame& frame, unsigned index) {
    return arch::UserMode::syscall_argument(frame, index);
}

// The endpoint `handle` names, if it has `needed`, with its badge; null where the full path's
// lookup would fail (it then reports why).
RefPtr<Endpoint> find_endpoint(UserThread& self, uint64_t handle, abi::Rights needed,
                               uint64_t& badge) {
    if (handle > 0xffff'ffffu)
        return nullptr;
    return downcast<Endpoint>(self.process().handles().get_fast(
        abi::Handle(handle), abi::ObjectType::Endpoint, needed, badge));
}

// load_message() for a register-only message: the three words are arguments 3..5.
[[gnu::always_inline]] inline void load_registers(IpcMessage& message, uint64_t info,
                                                  uint64_t badge, const arch::TrapFrame& frame) {
    if (message.handle_count())
        message.drop_handles();
    message.info = info;
    message.badge = badge;
    for (unsigned i = 0; i < abi::kIpcRegisterWords; ++i)
        message.words[i] = argument(frame, 3 + i);
}

// The received message's status: unload_message() only has work when the sender (on the full
// path) sent buffer words or handles.
abi::Status unload_status(UserThread& self) {
    if (!self.inbox.extra_words() && !self.inbox.handle_count())
        return abi::Status::Ok;
    return to_status(unload_message(self));
}

bool fast_call(arch::TrapFrame& frame, UserThread& self) {
    uint64_t info = argument(frame, 1);
    if (info & ~kLabelBits)
        return false;
    uint64_t badge = 0;
    RefPtr<Endpoint> endpoint = find_endpoint(self, argument(frame, 0), abi::Rights::Write, badge);
    if (!endpoint)
        return false;
    uint64_t deadline = argument(frame, 2);
    load_registers(self.outbox, info, badge, frame);
    Result<void> called = endpoint->call(self, deadline);
    endpoint.reset();
    uint64_t results[abi::kMaxSyscallResults] = {};
    abi::Status status;
    if (called.is_ok()) {
        const IpcMessage& reply = self.inbox;
        results[0] = reply.info;
        for (unsigned i = 0; i < abi::kIpcRegisterWords; ++i)
            results[1 + i] = reply.words[i];
        status = unload_status(self);
    } else {
        status = to_status(called.error());
    }
    arch::Interrupts::disable();
    arch::UserMode::set_syscall_results(frame, uint64_t(status), results);
    return true;
}

bool fast_reply_and_wait(arch::TrapFrame& frame, UserThread& self) {
    uint64_t reply_info = argument(frame, 1);
    if (reply_info & ~(kLabelBits | abi::ipc_info_flags::kHasReply))
        return false;
    uint64_t unused_badge = 0; // a receive handle's badge plays no part
    RefPtr<Endpoint> endpoint =
        find_endpoint(self, argument(frame, 0), abi::Rights::Read, unused_badge);
    if (!endpoint)
        return false;
    uint64_t deadline = argument(frame, 2);
    sched::Thread* replied = nullptr; // the caller, to hand this CPU to (object/ipc_handoff.h)
    if (reply_info & abi::ipc_info_flags::kHasReply) {
        load_registers(self.outbox, reply_info & kLabelBits, 0, frame);
        replied = Endpoint::reply(self);
    }
    Result<void> received = endpoint->receive(self, deadline, replied);
    endpoint.reset();
    uint64_t results[abi::kMaxSyscallResults] = {};
    abi::Status status;
    if (received.is_ok()) {
        const IpcMessage& message = self.inbox;
        results[0] = message.info;
        results[1] = message.badge;
        for (unsigned i = 0; i < abi::kIpcRegisterWords; ++i)
            results[2 + i] = message.words[i];
        status = unload_status(self);
    } else {
        status = to_status(received.error());
    }
    arch::Interrupts::disable();
    arch::UserMode::set_syscall_results(frame, uint64_t(status), results);
    return true;
}

} // namespace

bool ipc_fast_path(arch::TrapFrame& frame, uint64_t number) {
    // Buffer words, handles or unknown flags: the full path, at the cost of this test alone.
    if (argument(frame, 1) & ~(kLabelBits | abi::ipc_info_flags::kHasReply))
        return false;
    // Still masked: this thread cannot move between reading the CPU's record and using it.
    auto& self =
        *static_cast<UserThread*>(arch::CpuLocalAccess::current()->current_thread->user_thread);
    // As the full path: the work runs with interrupts enabled (the results are written masked).
    arch::Interrupts::enable();
    if (number == uint64_t(abi::Syscall::EndpointCall))
        return fast_call(frame, self);
    return fast_reply_and_wait(frame, self);
}

} // namespace mica::syscall
