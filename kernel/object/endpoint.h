#pragma once
// An Endpoint: synchronous call/reply IPC. A caller's message waits on the endpoint until a
// server thread receives it; the server then owes that caller a reply (UserThread::reply_to),
// which endpoint_reply_and_wait sends before waiting for the next call.
//
// Messages move kernel-to-kernel under the endpoint's lock (only the words in use), so neither
// side ever touches the other's memory; each side copies between its own registers / IPC buffer
// and its IpcMessage in its own context. Nothing is allocated on the way.
//
// Receivers are counted through handle_opened/closed (handles with `read`): when none is left,
// queued and later callers fail with peer_closed, and `peer_closed` is raised. A server thread
// that dies owing a reply fails its caller the same way; a caller that gives up (deadline, kill)
// is Cancelled and the late reply is dropped.
//
// Lock order: Notification::m_bind_lock -> Endpoint::m_lock -> UserThread wait queues.

#include <core/spinlock.h>
#include <object/notification.h>
#include <object/object.h>
#include <object/user_thread.h>

namespace mica {

class Endpoint final : public Object {
public:
    static Result<RefPtr<Endpoint>> create();
    ~Endpoint() override;

    // The caller's `outbox` holds the message (badge set). Blocks until the reply is in its
    // `inbox`. Errors: PeerClosed, TimedOut, ShouldWait, Interrupted.
    Result<void> call(UserThread& caller, uint64_t deadline);
    // Sends the server's `outbox` to the caller it owes a reply, if any. A caller that is gone
    // makes this a no-op (the reply's handles are closed). Returns the caller's kernel thread
    // when it was blocked waiting for the reply: its wakeup is the caller's to finish
    // (receive()'s handoff; ipc_handoff.h).
    [[nodiscard]] static sched::Thread* reply(UserThread& server);
    // Waits for a call or bound-notification bits; the message lands in the server's `inbox`.
    // `handoff` (or null) is a thread to wake, given this CPU at once if the server blocks.
    Result<void> receive(UserThread& server, uint64_t deadline, sched::Thread* handoff = nullptr);

    // Binds a notification whose bits a waiting receiver also takes (null: unbind).
    // Error::AlreadyExists if the notification is bound elsewhere.
    Result<void> bind(RefPtr<Notification> notification);
    // From Notification::signal: hands pending bits to a waiting receiver, if any.
    void notification_raised(Notification& notification);

    // A thread that exits fails the caller it owed a reply.
    static void abandon_ipc(UserThread& thread);

    void handle_opened(abi::Rights rights) override;
    void handle_closed(abi::Rights rights) override;

    Endpoint() : Object(abi::ObjectType::Endpoint) {}

private:
    static RefPtr<UserThread> deliver_locked(UserThread& caller, UserThread& server);
    bool deliver_notification_locked(UserThread& server) REQUIRES(m_lock);
    void fail_callers();

    SpinLock m_lock;
    sched::IntrusiveList<UserThread, UserThreadEndpointLink> m_callers GUARDED_BY(m_lock);
    sched::IntrusiveList<UserThread, UserThreadEndpointLink> m_receivers GUARDED_BY(m_lock);
    uint32_t m_receiver_handles GUARDED_BY(m_lock) = 0;
    RefPtr<Notification> m_notification GUARDED_BY(m_lock);
};

} // namespace mica
