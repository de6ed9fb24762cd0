#include <arch/cpu.h>
#include <object/endpoint.h>
#include <object/ipc_handoff.h>
#include <object/notification.h>

namespace mica {

namespace {

bool transition(UserThread& thread, CallState from, CallState to) {
    return thread.call_state.compare_exchange(from, to);
}

// IpcMessage::take_from, with the common message (registers only) copied inline.
void move_message(IpcMessage& to, IpcMessage& from) {
    if (from.extra_words() != 0 || from.handle_count() != 0) {
        to.take_from(from);
        return;
    }
    to.info = from.info;
    to.badge = from.badge;
    for (uint32_t i = 0; i < abi::kIpcRegisterWords; ++i)
        to.words[i] = from.words[i];
}

// The caller is told its server went away.
void fail_caller(UserThread& caller) {
    if (transition(caller, CallState::AwaitingReply, CallState::Failed))
        caller.wake();
}

} // namespace

Result<RefPtr<Endpoint>> Endpoint::create() { return make_ref<Endpoint>(); }

Endpoint::~Endpoint() {
    // Unbind first, under the notification's bind lock, so a signal running notification_raised()
    // on this endpoint has finished before anything here goes away.
    RefPtr<Notification> notification;
    {
        SpinLockGuard guard(m_lock);
        notification = move(m_notification);
    }
    if (notification) {
        SpinLockGuard guard(notification->bind_lock());
        if (notification->bound_endpoint_locked() == this)
            notification->set_bound_endpoint_locked(nullptr);
    }
}

// Moves the caller's message to the server; the server now owes the caller a reply. Returns the
// caller the server owed a reply before, if any: a server that takes a new call without
// answering the last one will never answer it, so that one fails (outside the lock, as dropping
// the reference may destroy a thread).
RefPtr<UserThread> Endpoint::deliver_locked(UserThread& caller, UserThread& server) {
    move_message(server.inbox, caller.outbox);
    caller.call_state.store(CallState::AwaitingReply, MemoryOrder::Release);
    RefPtr<UserThread> abandoned = move(server.reply_to);
    server.reply_to = RefPtr<UserThread>(&caller);
    server.received.store(true, MemoryOrder::Release);
    return abandoned;
}

bool Endpoint::deliver_notification_locked(UserThread& server) {
    if (!m_notification)
        return false;
    uint64_t bits = m_notification->take();
    if (!bits)
        return false;
    server.inbox.info = abi::ipc_info_flags::kNotification;
    server.inbox.badge = bits;
    server.inbox.drop_handles();
    for (uint64_t i = 0; i < abi::kIpcRegisterWords; ++i)
        server.inbox.words[i] = 0;
    server.received.store(true, MemoryOrder::Release);
    return true;
}

Result<void> Endpoint::call(UserThread& caller, uint64_t deadline) {
    UserThread* server = nullptr;
    RefPtr<UserThread> abandoned;
    {
        SpinLockGuard guard(m_lock);
        if (m_receiver_handles == 0)
            return Error::PeerClosed;
        caller.call_state.store(CallState::Queued, MemoryOrder::Relaxed);
        server = m_receivers.front();
        if (server) {
            m_receivers.remove(server);
            abandoned = deliver_locked(caller, *server);
        } else {
            m_callers.push_back(&caller);
        }
    }
    if (abandoned)
        fail_caller(*abandoned);
    // The server's wakeup, completed by the wait below: straight to it when it can (ipc_handoff.h).
    sched::Thread* handoff = server ? ipc_handoff::take_waiting(*server) : nullptr;

    auto answered = [&caller] {
        CallState state = caller.call_state.load(MemoryOrder::Acquire);
        return state == CallState::Replied || state == CallState::Failed;
    };
    Result<void> waited = ipc_handoff::block_until(caller, deadline, answered, handoff);
    if (waited.is_error()) {
        {
            SpinLockGuard guard(m_lock);
            if (m_callers.contains(&caller)) {
                m_callers.remove(&caller);
                caller.call_state.store(CallState::Idle, MemoryOrder::Relaxed);
                return waited.error();
            }
        }
        if (transition(caller, CallState::AwaitingReply, CallState::Cancelled))
            return waited.error();
        // The reply (or the failure) is being written right now: it is only a copy away.
        while (!answered())
            arch::Cpu::relax();
    }
    CallState state = caller.call_state.exchange(CallState::Idle);
    return state == CallState::Replied ? Result<void>() : Result<void>(Error::PeerClosed);
}

sched::Thread* Endpoint::reply(UserThread& server) {
    RefPtr<UserThread> caller = move(server.reply_to);
    if (!caller || !transition(*caller, CallState::AwaitingReply, CallState::Replying)) {
        server.outbox.drop_handles();
        return nullptr;
    }
    move_message(caller->inbox, server.outbox);
    caller->call_state.store(CallState::Replied, MemoryOrder::Release);
    // The caller's running kernel thread holds a reference to it, so it outlives `caller` here.
    return ipc_handoff::take_waiting(*caller);
}

Result<void> Endpoint::receive(UserThread& server, uint64_t deadline, sched::Thread* handoff) {
    server.received.store(false, MemoryOrder::Relaxed);
    RefPtr<UserThread> abandoned;
    {
        SpinLockGuard guard(m_lock);
        if (deliver_notification_locked(server)) {
            // received is set: the check below returns without blocking.
        } else if (UserThread* caller = m_callers.front()) {
            m_callers.remove(caller);
            abandoned = deliver_locked(*caller, server);
        } else {
            m_receivers.push_back(&server);
        }
    }
    if (abandoned)
        fail_caller(*abandoned);
    if (server.received.load(MemoryOrder::Acquire)) {
        ipc_handoff::release(handoff);
        return {};
    }
    Result<void> waited = ipc_handoff::block_until(
        server, deadline, [&server] { return server.received.load(MemoryOrder::Acquire); },
        handoff);
    if (waited.is_error()) {
        SpinLockGuard guard(m_lock);
        if (m_receivers.contains(&server)) {
            m_receivers.remove(&server);
            return waited.error();
        }
        // Delivered just as the wait ended: the message is here.
    }
    return {};
}

Result<void> Endpoint::bind(RefPtr<Notification> notification) {
    if (!notification) {
        RefPtr<Notification> old;
        {
            SpinLockGuard guard(m_lock);
            old = move(m_notification);
        }
        if (old) {
            SpinLockGuard bind_guard(old->bind_lock());
            if (old->bound_endpoint_locked() == this)
                old->set_bound_endpoint_locked(nullptr);
        }
        return {};
    }
    SpinLockGuard bind_guard(notification->bind_lock());
    if (notification->bound_endpoint_locked())
        return Error::AlreadyExists;
    SpinLockGuard guard(m_lock);
    if (m_notification)
        return Error::AlreadyExists;
    notification->set_bound_endpoint_locked(this);
    m_notification = move(notification);
    // Bits raised before the binding reach the next receive (receive() checks first).
    return {};
}

void Endpoint::notification_raised(Notification&) {
    UserThread* server = nullptr;
    {
        SpinLockGuard guard(m_lock);
        server = m_receivers.front();
        if (!server)
            return;
        if (!deliver_notification_locked(*server))
            return;
        m_receivers.remove(server);
    }
    server->wake();
}

void Endpoint::abandon_ipc(UserThread& thread) {
    if (RefPtr<UserThread> caller = move(thread.reply_to))
        fail_caller(*caller);
    thread.outbox.drop_handles();
    thread.inbox.drop_handles();
}

void Endpoint::handle_opened(abi::Rights rights) {
    if ((rights & abi::Rights::Read) != abi::Rights::Read)
        return;
    SpinLockGuard guard(m_lock);
    ++m_receiver_handles;
}

void Endpoint::handle_closed(abi::Rights rights) {
    if ((rights & abi::Rights::Read) != abi::Rights::Read)
        return;
    {
        SpinLockGuard guard(m_lock);
        if (--m_receiver_handles != 0)
            return;
    }
    fail_callers();
    raise_signals(abi::signal_flags::kPeerClosed);
}

void Endpoint::fail_callers() {
    for (;;) {
        UserThread* caller;
        {
            SpinLockGuard guard(m_lock);
            caller = m_callers.front();
            if (!caller)
                return;
            m_callers.remove(caller);
            caller->call_state.store(CallState::Failed, MemoryOrder::Release);
        }
        caller->wake();
    }
}

} // namespace mica
