// Endpoints: call/reply round trips with register words, IPC-buffer words and handles, badges,
// deadlines, what callers see when the server is gone or never answers, and the checks on the
// message info word. Most cases talk to the echo helper in another process; some use two threads
// of this one.

#include <framework/test.h>
#include <helper/protocol.h>
#include <lib/atomic.h>
#include <support/support.h>
#include <support/thread.h>

using namespace mica;
using namespace mica::test;
using namespace mica::test::helper;

namespace {

struct Reply {
    Status status = Status::Ok;
    uint64_t info = 0;
    uint64_t words[3] = {};
};

Reply call(abi::Handle endpoint, uint64_t info, uint64_t w0, uint64_t w1, uint64_t w2,
           uint64_t deadline) {
    Reply reply;
    reply.status = sys::endpoint_call(endpoint, info, deadline, w0, w1, w2, &reply.info,
                                      &reply.words[0], &reply.words[1], &reply.words[2]);
    return reply;
}

Reply call(abi::Handle endpoint, uint64_t info, uint64_t w0 = 0, uint64_t w1 = 0, uint64_t w2 = 0) {
    return call(endpoint, info, w0, w1, w2, deadline_in(10 * kSecond));
}

// Kills the echo server and waits for it, whatever the test did.
struct EchoGuard {
    EchoServer& server;
    ~EchoGuard() {
        if (server.process) {
            (void)sys::process_kill(server.process.get());
            (void)wait_for_exit(server.process.get());
        }
    }
};

} // namespace

TEST(ipc_round_trip_with_register_words) {
    auto server = start_echo_server();
    ASSERT_TRUE(server.is_ok());
    EchoGuard guard{server.value()};
    for (uint64_t i = 0; i < 20; ++i) {
        Reply reply = call(server.value().client.get(), abi::ipc_info(kLabelEcho, 0, 0), i,
                           ~0ull - i, 0x1234'5678'9abc'def0);
        ASSERT_OK(reply.status);
        EXPECT_EQ(abi::ipc_info_label(reply.info), uint32_t(kLabelEcho));
        EXPECT_EQ(reply.words[0], i + 1);
        EXPECT_EQ(reply.words[1], ~0ull - i + 1);
        EXPECT_EQ(reply.words[2], 0x1234'5678'9abc'def1u);
    }
}

TEST(ipc_round_trip_with_ipc_buffer_words) {
    auto server = start_echo_server();
    ASSERT_TRUE(server.is_ok());
    EchoGuard guard{server.value()};
    abi::IpcBuffer& buffer = ipc_buffer();
    const uint32_t counts[] = {1, 7, uint32_t(abi::kIpcBufferWords)};
    for (uint32_t count : counts) {
        for (uint32_t i = 0; i < abi::kIpcBufferWords; ++i)
            buffer.words[i] = i < count ? 1000 * count + i : 0xdead;
        Reply reply =
            call(server.value().client.get(), abi::ipc_info(kLabelEcho, count, 0), 1, 2, 3);
        ASSERT_OK(reply.status);
        EXPECT_EQ(abi::ipc_info_words(reply.info), count);
        int wrong = 0;
        for (uint32_t i = 0; i < count; ++i) {
            if (buffer.words[i] != 1000 * count + i + 1)
                ++wrong;
        }
        EXPECT_EQ(wrong, 0);
        EXPECT_EQ(reply.words[2], 4u);
    }
}

TEST(ipc_transfers_handles_both_ways) {
    auto server = start_echo_server();
    ASSERT_TRUE(server.is_ok());
    EchoGuard guard{server.value()};
    OwnedHandle memory = make_memory(4096);
    OwnedHandle notification = make_notification();
    ASSERT_TRUE(memory && notification);
    uint64_t value = 0xcafe;
    ASSERT_OK(sys::memory_object_write(memory.get(), 0, &value, 8));
    OwnedHandle sent_memory = duplicate(memory.get(), Rights::Read | Rights::Transfer);
    OwnedHandle sent_notification =
        duplicate(notification.get(), Rights::Signal | Rights::Transfer | Rights::Wait);
    ASSERT_TRUE(sent_memory && sent_notification);

    abi::IpcBuffer& buffer = ipc_buffer();
    abi::Handle old_memory = sent_memory.release(), old_notification = sent_notification.release();
    buffer.handles[0] = old_memory;
    buffer.handles[1] = old_notification;
    Reply reply = call(server.value().client.get(), abi::ipc_info(kLabelEcho, 0, 2));
    ASSERT_OK(reply.status);
    ASSERT_EQ(abi::ipc_info_handles(reply.info), 2u);
    // Sending moved them: the old values are gone from our table.
    abi::ObjectType type;
    Rights rights;
    EXPECT_EQ(sys::handle_info(old_memory, &type, &rights), Status::BadHandle);
    EXPECT_EQ(sys::handle_info(old_notification, &type, &rights), Status::BadHandle);
    // They came back (moved by the server's reply) as new handles with the same rights.
    OwnedHandle back_memory(buffer.handles[0]), back_notification(buffer.handles[1]);
    ASSERT_OK(sys::handle_info(back_memory.get(), &type, &rights));
    EXPECT_EQ(type, abi::ObjectType::MemoryObject);
    EXPECT_EQ(rights, Rights::Read | Rights::Transfer);
    ASSERT_OK(sys::handle_info(back_notification.get(), &type, &rights));
    EXPECT_EQ(type, abi::ObjectType::Notification);
    EXPECT_EQ(rights, Rights::Signal | Rights::Transfer | Rights::Wait);
    uint64_t read = 0;
    EXPECT_OK(sys::memory_object_read(back_memory.get(), 0, &read, 8));
    EXPECT_EQ(read, value);
    EXPECT_OK(sys::notification_signal(back_notification.get(), 4));
    uint64_t bits = 0;
    EXPECT_OK(sys::notification_wait(notification.get(), abi::kDeadlineNow, &bits));
    EXPECT_EQ(bits, 4u);
}

TEST(ipc_badge_identifies_the_sender_handle) {
    auto server = start_echo_server();
    ASSERT_TRUE(server.is_ok());
    EchoGuard guard{server.value()};
    abi::Handle client = server.value().client.get();
    Reply reply = call(client, abi::ipc_info(kLabelBadge, 0, 0));
    ASSERT_OK(reply.status);
    EXPECT_EQ(reply.words[0], 0u); // unbadged
    abi::Handle first = kInvalidHandle, second = kInvalidHandle;
    ASSERT_OK(sys::endpoint_badge(client, Rights::Write | Rights::Duplicate, 0x1111, &first));
    ASSERT_OK(sys::endpoint_badge(client, Rights::Write, 0xbadc0ffee, &second));
    OwnedHandle owned_first(first), owned_second(second);
    reply = call(first, abi::ipc_info(kLabelBadge, 0, 0));
    ASSERT_OK(reply.status);
    EXPECT_EQ(reply.words[0], 0x1111u);
    reply = call(second, abi::ipc_info(kLabelBadge, 0, 0));
    ASSERT_OK(reply.status);
    EXPECT_EQ(reply.words[0], 0xbadc0ffeeu);
    // A duplicate of a badged handle carries the badge.
    OwnedHandle copy = duplicate(first, Rights::Write);
    ASSERT_TRUE(copy);
    reply = call(copy.get(), abi::ipc_info(kLabelBadge, 0, 0));
    EXPECT_EQ(reply.words[0], 0x1111u);
}

TEST(ipc_call_to_a_server_that_exited_gives_peer_closed) {
    OwnedHandle endpoint = make_endpoint();
    ASSERT_TRUE(endpoint);
    OwnedHandle client = duplicate(endpoint.get(), Rights::Write | Rights::Wait);
    ASSERT_TRUE(client);
    ASSERT_OK(endpoint.restrict_rights(Rights::Read | Rights::Transfer));
    StartupGrant grants[] = {{abi::StartupRole::Bootstrap, move(endpoint)}};
    StringView arguments[] = {kModeExit, "0"};
    auto child = spawn_helper(Span<const StringView>(arguments, 2), Span<StartupGrant>(grants, 1));
    ASSERT_TRUE(child.is_ok());
    EXPECT_EQ(wait_for_exit(child.value().get()), 0);
    // The only receive handle died with the process: `peer_closed` is up and calls fail.
    uint64_t observed = 0;
    EXPECT_OK(sys::object_wait(client.get(), abi::signal_flags::kPeerClosed, abi::kDeadlineNow,
                               &observed));
    EXPECT_EQ(call(client.get(), abi::ipc_info(1, 0, 0)).status, Status::PeerClosed);
}

TEST(ipc_call_to_a_server_killed_while_the_client_waits_gives_peer_closed) {
    auto server = start_echo_server();
    ASSERT_TRUE(server.is_ok());
    EchoGuard guard{server.value()};
    struct Killer {
        abi::Handle process;
        static void run(void* self, abi::IpcBuffer*) {
            sleep_ns(50 * kMillisecond);
            (void)sys::process_kill(static_cast<Killer*>(self)->process);
        }
    } killer{server.value().process.get()};
    auto thread = Thread::start(Killer::run, &killer);
    ASSERT_TRUE(thread.is_ok());
    // The server takes the call and sleeps without replying, until it is killed.
    uint64_t start = now_ns();
    Reply reply = call(server.value().client.get(), abi::ipc_info(kLabelHang, 0, 0));
    EXPECT_EQ(reply.status, Status::PeerClosed);
    EXPECT_GE(now_ns() - start, 40 * kMillisecond);
    EXPECT_TRUE(thread.value().join(deadline_in(5 * kSecond)));
    EXPECT_EQ(wait_for_exit(server.value().process.get()), int64_t(abi::kExitKilled));
}

TEST(ipc_server_that_faults_while_owing_a_reply_gives_peer_closed) {
    auto server = start_echo_server();
    ASSERT_TRUE(server.is_ok());
    EchoGuard guard{server.value()};
    Reply reply = call(server.value().client.get(), abi::ipc_info(kLabelFault, 0, 0));
    EXPECT_EQ(reply.status, Status::PeerClosed);
    EXPECT_EQ(wait_for_exit(server.value().process.get()), int64_t(abi::kExitFaulted));
}

TEST(ipc_call_times_out_when_the_server_does_not_reply) {
    auto server = start_echo_server();
    ASSERT_TRUE(server.is_ok());
    EchoGuard guard{server.value()};
    uint64_t deadline = deadline_in(30 * kMillisecond);
    Reply reply =
        call(server.value().client.get(), abi::ipc_info(kLabelHang, 0, 0), 0, 0, 0, deadline);
    EXPECT_EQ(reply.status, Status::TimedOut);
    EXPECT_GE(now_ns(), deadline);
}

TEST(ipc_deadline_now_polls_and_deadlines_expire) {
    OwnedHandle endpoint = make_endpoint();
    ASSERT_TRUE(endpoint);
    // Nobody receives: a caller with deadline_now is told to wait, one with a deadline times out.
    EXPECT_EQ(call(endpoint.get(), 0, 0, 0, 0, abi::kDeadlineNow).status, Status::ShouldWait);
    uint64_t deadline = deadline_in(10 * kMillisecond);
    EXPECT_EQ(call(endpoint.get(), 0, 0, 0, 0, deadline).status, Status::TimedOut);
    EXPECT_GE(now_ns(), deadline);
    // Nobody calls: the same for a receiver.
    uint64_t info, badge, w0, w1, w2;
    EXPECT_EQ(sys::endpoint_reply_and_wait(endpoint.get(), 0, abi::kDeadlineNow, 0, 0, 0, &info,
                                           &badge, &w0, &w1, &w2),
              Status::ShouldWait);
    deadline = deadline_in(10 * kMillisecond);
    EXPECT_EQ(sys::endpoint_reply_and_wait(endpoint.get(), 0, deadline, 0, 0, 0, &info, &badge, &w0,
                                           &w1, &w2),
              Status::TimedOut);
    EXPECT_GE(now_ns(), deadline);
    // A deadline already in the past (but not deadline_now) times out at once.
    EXPECT_EQ(call(endpoint.get(), 0, 0, 0, 0, 1).status, Status::TimedOut);
}

TEST(ipc_call_without_any_receive_handle_gives_peer_closed) {
    OwnedHandle endpoint = make_endpoint();
    ASSERT_TRUE(endpoint);
    OwnedHandle sender = duplicate(endpoint.get(), Rights::Write | Rights::Wait);
    ASSERT_TRUE(sender);
    uint64_t observed = 0;
    EXPECT_EQ(sys::object_wait(sender.get(), abi::signal_flags::kPeerClosed, abi::kDeadlineNow,
                               &observed),
              Status::ShouldWait);
    endpoint.reset(); // the last handle with read
    EXPECT_OK(sys::object_wait(sender.get(), abi::signal_flags::kPeerClosed, abi::kDeadlineNow,
                               &observed));
    EXPECT_TRUE(observed & abi::signal_flags::kPeerClosed);
    EXPECT_EQ(call(sender.get(), 0, 0, 0, 0, deadline_in(kSecond)).status, Status::PeerClosed);
}

TEST(ipc_handles_sent_are_consumed_even_when_the_call_fails) {
    OwnedHandle endpoint = make_endpoint();
    ASSERT_TRUE(endpoint);
    OwnedHandle sender = duplicate(endpoint.get(), Rights::Write);
    endpoint.reset();
    OwnedHandle memory = make_memory(4096);
    ASSERT_TRUE(memory);
    abi::Handle sent = memory.release();
    ipc_buffer().handles[0] = sent;
    EXPECT_EQ(call(sender.get(), abi::ipc_info(1, 0, 1), 0, 0, 0, deadline_in(kSecond)).status,
              Status::PeerClosed);
    abi::ObjectType type;
    Rights rights;
    EXPECT_EQ(sys::handle_info(sent, &type, &rights), Status::BadHandle);
}

TEST(ipc_message_info_is_checked) {
    OwnedHandle endpoint = make_endpoint();
    ASSERT_TRUE(endpoint);
    abi::Handle e = endpoint.get();
    // More words than the buffer has, more handles than a message carries, reserved bits 12..15,
    // flags in the upper half.
    EXPECT_EQ(call(e, abi::kIpcBufferWords + 1, 0, 0, 0, abi::kDeadlineNow).status,
              Status::InvalidArgument);
    EXPECT_EQ(call(e, uint64_t(abi::kIpcMaxHandles + 1) << 8, 0, 0, 0, abi::kDeadlineNow).status,
              Status::InvalidArgument);
    EXPECT_EQ(call(e, 1u << 12, 0, 0, 0, abi::kDeadlineNow).status, Status::InvalidArgument);
    EXPECT_EQ(call(e, abi::ipc_info_flags::kHasReply, 0, 0, 0, abi::kDeadlineNow).status,
              Status::InvalidArgument);
    uint64_t info, badge, w0, w1, w2;
    EXPECT_EQ(sys::endpoint_reply_and_wait(e, abi::ipc_info_flags::kNotification, abi::kDeadlineNow,
                                           0, 0, 0, &info, &badge, &w0, &w1, &w2),
              Status::InvalidArgument);
    EXPECT_EQ(sys::endpoint_reply_and_wait(e, 1ull << 40, abi::kDeadlineNow, 0, 0, 0, &info, &badge,
                                           &w0, &w1, &w2),
              Status::InvalidArgument);
    abi::Handle raw = kInvalidHandle;
    EXPECT_EQ(sys::endpoint_create(1, &raw), Status::InvalidArgument);
}

namespace {

struct InProcessServer {
    abi::Handle endpoint;
    int served = 0;
    Status last = Status::Ok;
};

// Serves `count` calls: replies with word0 * 2 and the label + 1, IPC words summed into word1.
void double_server(void* argument, abi::IpcBuffer* buffer) {
    auto& server = *static_cast<InProcessServer*>(argument);
    uint64_t reply_info = 0, r0 = 0, r1 = 0;
    for (;;) {
        uint64_t info, badge, w0, w1, w2;
        server.last =
            sys::endpoint_reply_and_wait(server.endpoint, reply_info, deadline_in(10 * kSecond), r0,
                                         r1, 0, &info, &badge, &w0, &w1, &w2);
        if (server.last != Status::Ok)
            return;
        if (abi::ipc_info_label(info) == 0xffff) {
            // Stop: reply once more without waiting for another call.
            (void)sys::endpoint_reply_and_wait(server.endpoint, abi::ipc_info_flags::kHasReply,
                                               abi::kDeadlineNow, 0, 0, 0, &info, &badge, &w0, &w1,
                                               &w2);
            return;
        }
        ++server.served;
        r0 = w0 * 2;
        r1 = 0;
        for (uint32_t i = 0; i < abi::ipc_info_words(info); ++i)
            r1 += buffer->words[i];
        reply_info =
            abi::ipc_info_flags::kHasReply | abi::ipc_info(abi::ipc_info_label(info) + 1, 0, 0);
    }
}

struct Caller {
    abi::Handle endpoint;
    Status status = Status::Ok;
    static void run(void* self, abi::IpcBuffer*) {
        auto& caller = *static_cast<Caller*>(self);
        uint64_t info, w0, w1, w2;
        caller.status = sys::endpoint_call(caller.endpoint, 0, deadline_in(10 * kSecond), 1, 2, 3,
                                           &info, &w0, &w1, &w2);
    }
};

} // namespace

TEST(ipc_between_two_threads_of_one_process) {
    OwnedHandle endpoint = make_endpoint();
    ASSERT_TRUE(endpoint);
    InProcessServer server{endpoint.get()};
    auto thread = Thread::start(double_server, &server);
    ASSERT_TRUE(thread.is_ok());
    abi::IpcBuffer& buffer = ipc_buffer();
    for (uint64_t i = 0; i < 200; ++i) {
        buffer.words[0] = i;
        buffer.words[1] = 5;
        Reply reply = call(endpoint.get(), abi::ipc_info(uint32_t(i % 100), 2, 0), i);
        ASSERT_OK(reply.status);
        EXPECT_EQ(reply.words[0], 2 * i);
        EXPECT_EQ(reply.words[1], i + 5);
        EXPECT_EQ(abi::ipc_info_label(reply.info), uint32_t(i % 100 + 1));
    }
    EXPECT_OK(call(endpoint.get(), abi::ipc_info(0xffff, 0, 0)).status);
    EXPECT_TRUE(thread.value().join(deadline_in(5 * kSecond)));
    EXPECT_EQ(server.served, 200);
}

TEST(ipc_server_taking_a_new_call_fails_the_unanswered_one) {
    OwnedHandle endpoint = make_endpoint();
    ASSERT_TRUE(endpoint);
    Caller first{endpoint.get()}, second{endpoint.get()};
    auto first_thread = Thread::start(Caller::run, &first);
    ASSERT_TRUE(first_thread.is_ok());
    uint64_t info, badge, w0, w1, w2;
    ASSERT_OK(sys::endpoint_reply_and_wait(endpoint.get(), 0, deadline_in(5 * kSecond), 0, 0, 0,
                                           &info, &badge, &w0, &w1, &w2));
    auto second_thread = Thread::start(Caller::run, &second);
    ASSERT_TRUE(second_thread.is_ok());
    // Receive again without replying: the first caller will never get its answer.
    ASSERT_OK(sys::endpoint_reply_and_wait(endpoint.get(), 0, deadline_in(5 * kSecond), 0, 0, 0,
                                           &info, &badge, &w0, &w1, &w2));
    EXPECT_TRUE(first_thread.value().join(deadline_in(5 * kSecond)));
    EXPECT_EQ(first.status, Status::PeerClosed);
    // Answer the second one.
    EXPECT_EQ(sys::endpoint_reply_and_wait(endpoint.get(), abi::ipc_info_flags::kHasReply,
                                           abi::kDeadlineNow, 0, 0, 0, &info, &badge, &w0, &w1,
                                           &w2),
              Status::ShouldWait);
    EXPECT_TRUE(second_thread.value().join(deadline_in(5 * kSecond)));
    EXPECT_OK(second.status);
}

TEST(ipc_server_thread_that_exits_owing_a_reply_fails_the_caller) {
    OwnedHandle endpoint = make_endpoint();
    ASSERT_TRUE(endpoint);
    struct Quitter {
        abi::Handle endpoint;
        static void run(void* self, abi::IpcBuffer*) {
            uint64_t info, badge, w0, w1, w2;
            (void)sys::endpoint_reply_and_wait(static_cast<Quitter*>(self)->endpoint, 0,
                                               deadline_in(5 * kSecond), 0, 0, 0, &info, &badge,
                                               &w0, &w1, &w2);
            // Returns: thread_exit with the reply owed.
        }
    } quitter{endpoint.get()};
    auto thread = Thread::start(Quitter::run, &quitter);
    ASSERT_TRUE(thread.is_ok());
    EXPECT_EQ(call(endpoint.get(), 0, 0, 0, 0, deadline_in(5 * kSecond)).status,
              Status::PeerClosed);
    EXPECT_TRUE(thread.value().join(deadline_in(5 * kSecond)));
}

namespace {

struct BufferCaller {
    abi::Handle endpoint;
    uint32_t words;
    Status status = Status::Ok;
    static void run(void* self, abi::IpcBuffer*) {
        auto& caller = *static_cast<BufferCaller*>(self);
        uint64_t info, w0, w1, w2;
        caller.status = sys::endpoint_call(caller.endpoint, abi::ipc_info(1, caller.words, 0),
                                           abi::kDeadlineNow, 0, 0, 0, &info, &w0, &w1, &w2);
    }
};

} // namespace

TEST(ipc_buffer_words_need_a_mapped_ipc_buffer) {
    OwnedHandle endpoint = make_endpoint();
    ASSERT_TRUE(endpoint);
    // A thread whose IPC buffer is unmapped memory: its extra words cannot be read.
    Thread::Options unmapped;
    unmapped.ipc_buffer = test_area(5);
    BufferCaller bad{endpoint.get(), 2};
    auto thread = Thread::start(BufferCaller::run, &bad, unmapped);
    ASSERT_TRUE(thread.is_ok());
    EXPECT_TRUE(thread.value().join(deadline_in(5 * kSecond)));
    EXPECT_EQ(bad.status, Status::BadAddress);
    // A kernel address as the IPC buffer is no better.
    Thread::Options kernel;
    kernel.ipc_buffer = kKernelAddress;
    BufferCaller evil{endpoint.get(), 1};
    auto second = Thread::start(BufferCaller::run, &evil, kernel);
    if (second.is_ok()) {
        EXPECT_TRUE(second.value().join(deadline_in(5 * kSecond)));
        EXPECT_EQ(evil.status, Status::BadAddress);
    } else {
        EXPECT_EQ(second.error().status, Status::BadAddress); // refused at thread_start: fine too
    }
    // No IPC buffer at all: a message that needs one is invalid.
    Thread::Options none;
    none.ipc_buffer = 0;
    BufferCaller bufferless{endpoint.get(), 1};
    auto third = Thread::start(BufferCaller::run, &bufferless, none);
    ASSERT_TRUE(third.is_ok());
    EXPECT_TRUE(third.value().join(deadline_in(5 * kSecond)));
    EXPECT_EQ(bufferless.status, Status::InvalidArgument);
    // Register-only messages need no buffer.
    BufferCaller registers_only{endpoint.get(), 0};
    auto fourth = Thread::start(BufferCaller::run, &registers_only, none);
    ASSERT_TRUE(fourth.is_ok());
    EXPECT_TRUE(fourth.value().join(deadline_in(5 * kSecond)));
    EXPECT_EQ(registers_only.status, Status::ShouldWait);
}
