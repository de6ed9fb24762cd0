// endpoint_create, endpoint_badge, endpoint_call, endpoint_reply_and_wait,
// endpoint_bind_notification.
//
// Handles a message carries are moved out of the sender's table when it sends and are consumed
// by the send whatever happens next (as a sent letter is): if the message never arrives they are
// closed. The receiver gets them as new handles, listed in its IPC buffer.

#include <abi/ipc_buffer.h>
#include <object/endpoint.h>
#include <object/notification.h>
#include <syscall/context.h>
#include <syscall/ipc_transfer.h>
#include <syscall/user_copy.h>

namespace mica::syscall {

namespace {

constexpr uint64_t kLabelAndCounts = 0xffff'ffffull;

uintptr_t buffer_words(uintptr_t buffer) { return buffer + __builtin_offsetof(IpcBuffer, words); }
uintptr_t buffer_handles(uintptr_t buffer) {
    return buffer + __builtin_offsetof(IpcBuffer, handles);
}

} // namespace

Result<void> load_message(UserThread& self, uint64_t info, uint64_t badge, uint64_t word0,
                          uint64_t word1, uint64_t word2) {
    uint32_t words = ipc_info_words(info), handles = ipc_info_handles(info);
    if (words > kIpcBufferWords || handles > kIpcMaxHandles || (info & 0xf000))
        return Error::InvalidArgument;
    IpcMessage& message = self.outbox;
    // Only the last message's first handle_count() slots can still hold handles (a send moves
    // them out, a failed load drops them): a register-only message has none to drop.
    if (message.handle_count())
        message.drop_handles();
    message.info = info & kLabelAndCounts;
    message.badge = badge;
    message.words[0] = word0;
    message.words[1] = word1;
    message.words[2] = word2;
    if (!words && !handles)
        return {}; // the register-only message of the fast path
    if (!self.ipc_buffer())
        return Error::InvalidArgument;
    TRY(copy_from_user(&message.words[kIpcRegisterWords], buffer_words(self.ipc_buffer()),
                       words * sizeof(uint64_t)));
    Handle values[kIpcMaxHandles];
    TRY(copy_from_user(values, buffer_handles(self.ipc_buffer()), handles * sizeof(Handle)));
    HandleTable& table = self.process().handles();
    for (uint32_t i = 0; i < handles; ++i) {
        Result<HandleEntry> taken = table.take(values[i], ObjectType::None, Rights::Transfer);
        if (taken.is_error()) {
            message.drop_handles(); // consumed, as the file comment says
            return taken.error();
        }
        message.handles[i] = move(taken.value());
    }
    return {};
}

Result<void> unload_message(UserThread& self) {
    IpcMessage& message = self.inbox;
    uint32_t words = message.extra_words(), handles = message.handle_count();
    if (!words && !handles)
        return {}; // the register words go back in registers
    if (!self.ipc_buffer()) {
        message.drop_handles();
        return Error::BadAddress;
    }
    Result<void> copied = copy_to_user(buffer_words(self.ipc_buffer()),
                                       &message.words[kIpcRegisterWords], words * sizeof(uint64_t));
    Handle values[kIpcMaxHandles] = {};
    bool table_full = false;
    for (uint32_t i = 0; i < handles; ++i) {
        Result<Handle> added = self.process().handles().add(move(message.handles[i]));
        if (added.is_error())
            table_full = true;
        else
            values[i] = added.value();
    }
    TRY(copied);
    TRY(copy_to_user(buffer_handles(self.ipc_buffer()), values, handles * sizeof(Handle)));
    if (table_full)
        return Error::Full;
    return {};
}

Status sys_endpoint_create(uint64_t options, Handle& endpoint) {
    if (options != 0)
        return Status::InvalidArgument;
    RefPtr<Endpoint> created = TRY_STATUS(Endpoint::create());
    endpoint = TRY_STATUS(add_handle(move(created), Rights::All));
    return Status::Ok;
}

Status sys_endpoint_badge(Handle endpoint, Rights rights, uint64_t badge, Handle& new_handle) {
    auto target = TRY_STATUS(lookup<Endpoint>(endpoint, ObjectType::Endpoint, Rights::Duplicate));
    if (badge == 0 || target.badge != 0 || (rights & target.rights) != rights)
        return target.badge != 0 ? Status::AccessDenied
                                 : (badge == 0 ? Status::InvalidArgument : Status::AccessDenied);
    new_handle = TRY_STATUS(add_handle(move(target.object), rights, badge));
    return Status::Ok;
}

Status sys_endpoint_call(Handle endpoint, uint64_t info, uint64_t deadline, uint64_t word0,
                         uint64_t word1, uint64_t word2, uint64_t& reply_info,
                         uint64_t& reply_word0, uint64_t& reply_word1, uint64_t& reply_word2) {
    if (info >> 32)
        return Status::InvalidArgument;
    auto target = TRY_STATUS(lookup<Endpoint>(endpoint, ObjectType::Endpoint, Rights::Write));
    UserThread& self = current_thread();
    TRY_STATUS(load_message(self, info, target.badge, word0, word1, word2));
    Result<void> called = target.object->call(self, deadline);
    self.outbox.drop_handles();
    if (called.is_error())
        return to_status(called.error());
    reply_info = self.inbox.info;
    reply_word0 = self.inbox.words[0];
    reply_word1 = self.inbox.words[1];
    reply_word2 = self.inbox.words[2];
    return to_status(unload_message(self));
}

Status sys_endpoint_reply_and_wait(Handle endpoint, uint64_t reply_info, uint64_t deadline,
                                   uint64_t reply_word0, uint64_t reply_word1, uint64_t reply_word2,
                                   uint64_t& info, uint64_t& badge, uint64_t& word0,
                                   uint64_t& word1, uint64_t& word2) {
    if ((reply_info >> 32) & ~(ipc_info_flags::kHasReply >> 32))
        return Status::InvalidArgument;
    auto target = TRY_STATUS(lookup<Endpoint>(endpoint, ObjectType::Endpoint, Rights::Read));
    UserThread& self = current_thread();
    sched::Thread* replied = nullptr; // the caller, to hand this CPU to (object/ipc_handoff.h)
    if (reply_info & ipc_info_flags::kHasReply) {
        TRY_STATUS(load_message(self, reply_info & kLabelAndCounts, 0, reply_word0, reply_word1,
                                reply_word2));
        replied = Endpoint::reply(self);
    }
    TRY_STATUS(target.object->receive(self, deadline, replied));
    info = self.inbox.info;
    badge = self.inbox.badge;
    word0 = self.inbox.words[0];
    word1 = self.inbox.words[1];
    word2 = self.inbox.words[2];
    return to_status(unload_message(self));
}

Status sys_endpoint_bind_notification(Handle endpoint, Handle notification) {
    auto target = TRY_STATUS(lookup<Endpoint>(endpoint, ObjectType::Endpoint, Rights::Read));
    if (notification == kHandleInvalid)
        return to_status(target.object->bind(nullptr));
    auto bits =
        TRY_STATUS(lookup<Notification>(notification, ObjectType::Notification, Rights::Wait));
    return to_status(target.object->bind(move(bits.object)));
}

Status sys_notification_create(uint64_t options, Handle& notification) {
    if (options != 0)
        return Status::InvalidArgument;
    RefPtr<Notification> created = TRY_STATUS(Notification::create());
    notification = TRY_STATUS(add_handle(move(created), Rights::All));
    return Status::Ok;
}

Status sys_notification_signal(Handle notification, uint64_t bits) {
    auto target =
        TRY_STATUS(lookup<Notification>(notification, ObjectType::Notification, Rights::Signal));
    target.object->signal(bits);
    return Status::Ok;
}

Status sys_notification_wait(Handle notification, uint64_t deadline, uint64_t& bits) {
    auto target =
        TRY_STATUS(lookup<Notification>(notification, ObjectType::Notification, Rights::Wait));
    UserThread& self = current_thread();
    Notification& object = *target.object;
    ScopedSignalObserver observer(object, self.wait_queue(), signal_flags::kPending);
    // Another waiter may take the bits first; then wait again for new ones. (The wait's
    // condition may not take locks, so taking happens between waits.)
    for (;;) {
        TRY_STATUS(self.block_until(deadline, [&observer] { return observer.triggered(); }));
        if (uint64_t taken = object.take()) {
            bits = taken;
            return Status::Ok;
        }
        observer.rearm();
    }
}

} // namespace mica::syscall
