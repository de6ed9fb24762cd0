// The IPC direct switch (kernel/object/ipc_handoff.h) and its fallbacks, seen from user space:
// many register-only calls between several callers and servers (handoffs on one CPU, wakeups
// across CPUs, replies while more calls are queued), calls racing the server's kill, and a reply
// to a caller that has already given up.

#include <framework/test.h>
#include <helper/protocol.h>
#include <lib/atomic.h>
#include <mica/print.h>
#include <support/support.h>
#include <support/thread.h>

using namespace mica;
using namespace mica::test;
using namespace mica::test::helper;

namespace {

constexpr uint32_t kLabelStop = 0xffff;
constexpr uint64_t kCallsPerCaller = 300;
constexpr int kCallers = 3;
constexpr int kServers = 2;

// Replies to each call with (word0 + 1, word1 * 2, word2 ^ magic) until a stop call, which it
// answers without waiting for another.
struct Server {
    abi::Handle endpoint;
    Atomic<uint64_t>* served;
    Status last = Status::Ok;
};

constexpr uint64_t kMagic = 0x5a5a'0f0f'3c3c'9696;

void serve(void* argument, abi::IpcBuffer*) {
    auto& server = *static_cast<Server*>(argument);
    uint64_t reply_info = 0, r0 = 0, r1 = 0, r2 = 0;
    for (;;) {
        uint64_t info, badge, w0, w1, w2;
        server.last =
            sys::endpoint_reply_and_wait(server.endpoint, reply_info, deadline_in(20 * kSecond), r0,
                                         r1, r2, &info, &badge, &w0, &w1, &w2);
        if (server.last != Status::Ok)
            return;
        if (abi::ipc_info_label(info) == kLabelStop) {
            (void)sys::endpoint_reply_and_wait(server.endpoint, abi::ipc_info_flags::kHasReply,
                                               abi::kDeadlineNow, 0, 0, 0, &info, &badge, &w0, &w1,
                                               &w2);
            return;
        }
        server.served->fetch_add(1);
        r0 = w0 + 1;
        r1 = w1 * 2;
        r2 = w2 ^ kMagic;
        reply_info =
            abi::ipc_info_flags::kHasReply | abi::ipc_info(abi::ipc_info_label(info), 0, 0);
    }
}

// Calls kCallsPerCaller times with words naming itself and the call; counts the replies that
// answer exactly that call.
struct Client {
    abi::Handle endpoint;
    uint64_t id;
    uint64_t right = 0;
    Status last = Status::Ok;
};

void call_many(void* argument, abi::IpcBuffer*) {
    auto& client = *static_cast<Client*>(argument);
    for (uint64_t i = 0; i < kCallsPerCaller; ++i) {
        uint64_t w0 = client.id << 32 | i, w1 = i * 3 + client.id, w2 = ~i;
        uint64_t info, r0, r1, r2;
        client.last =
            sys::endpoint_call(client.endpoint, abi::ipc_info(uint32_t(client.id), 0, 0),
                               deadline_in(20 * kSecond), w0, w1, w2, &info, &r0, &r1, &r2);
        if (client.last != Status::Ok)
            return;
        if (r0 == w0 + 1 && r1 == w1 * 2 && r2 == (w2 ^ kMagic) &&
            abi::ipc_info_label(info) == uint32_t(client.id))
            ++client.right;
    }
}

} // namespace

TEST(ipc_fast_path_callers_and_servers_get_exactly_their_replies) {
    OwnedHandle endpoint = make_endpoint();
    ASSERT_TRUE(endpoint);
    Atomic<uint64_t> served{0};
    Server servers[kServers];
    Thread server_threads[kServers];
    for (int i = 0; i < kServers; ++i) {
        servers[i] = Server{endpoint.get(), &served};
        auto thread = Thread::start(serve, &servers[i]);
        ASSERT_TRUE(thread.is_ok());
        server_threads[i] = move(thread.value());
    }
    Client clients[kCallers];
    Thread client_threads[kCallers];
    for (int i = 0; i < kCallers; ++i) {
        clients[i] = Client{endpoint.get(), uint64_t(i + 1)};
        auto thread = Thread::start(call_many, &clients[i]);
        ASSERT_TRUE(thread.is_ok());
        client_threads[i] = move(thread.value());
    }
    for (int i = 0; i < kCallers; ++i) {
        EXPECT_TRUE(client_threads[i].join(deadline_in(30 * kSecond)));
        EXPECT_OK(clients[i].last);
        EXPECT_EQ(clients[i].right, kCallsPerCaller);
    }
    for (int i = 0; i < kServers; ++i) {
        uint64_t info, w0, w1, w2;
        EXPECT_OK(sys::endpoint_call(endpoint.get(), abi::ipc_info(kLabelStop, 0, 0),
                                     deadline_in(10 * kSecond), 0, 0, 0, &info, &w0, &w1, &w2));
    }
    for (int i = 0; i < kServers; ++i) {
        EXPECT_TRUE(server_threads[i].join(deadline_in(10 * kSecond)));
        EXPECT_OK(servers[i].last);
    }
    EXPECT_EQ(served.load(), kCallsPerCaller * kCallers);
}

TEST(ipc_fast_path_calls_racing_the_servers_kill_end_ok_or_peer_closed) {
    auto server = start_echo_server();
    ASSERT_TRUE(server.is_ok());
    abi::Handle client = server.value().client.get();
    struct Killer {
        abi::Handle process;
        static void run(void* self, abi::IpcBuffer*) {
            sleep_ns(5 * kMillisecond);
            (void)sys::process_kill(static_cast<Killer*>(self)->process);
        }
    } killer{server.value().process.get()};
    auto thread = Thread::start(Killer::run, &killer);
    ASSERT_TRUE(thread.is_ok());
    // Until the kill lands: every answer is the right one, and then the server is gone for good.
    uint64_t answered = 0;
    Status status = Status::Ok;
    for (uint64_t i = 0; status == Status::Ok; ++i) {
        uint64_t info, r0, r1, r2;
        status =
            sys::endpoint_call(client, abi::ipc_info(kLabelEcho, 0, 0), deadline_in(10 * kSecond),
                               i, 2 * i, 3 * i, &info, &r0, &r1, &r2);
        if (status == Status::Ok) {
            EXPECT_EQ(r0, i + 1);
            EXPECT_EQ(r2, 3 * i + 1);
            ++answered;
        }
    }
    EXPECT_EQ(status, Status::PeerClosed);
    uint64_t info, r0, r1, r2;
    EXPECT_EQ(sys::endpoint_call(client, abi::ipc_info(kLabelEcho, 0, 0), deadline_in(kSecond), 0,
                                 0, 0, &info, &r0, &r1, &r2),
              Status::PeerClosed);
    EXPECT_TRUE(thread.value().join(deadline_in(5 * kSecond)));
    EXPECT_EQ(wait_for_exit(server.value().process.get()), int64_t(abi::kExitKilled));
    println("    {} calls answered before the kill", answered);
}

namespace {

struct ShortCaller {
    abi::Handle endpoint;
    Status status = Status::Ok;
    static void run(void* self, abi::IpcBuffer*) {
        auto& caller = *static_cast<ShortCaller*>(self);
        uint64_t info, w0, w1, w2;
        caller.status =
            sys::endpoint_call(caller.endpoint, abi::ipc_info(7, 0, 0),
                               deadline_in(300 * kMillisecond), 1, 2, 3, &info, &w0, &w1, &w2);
    }
};

} // namespace

TEST(ipc_fast_path_reply_to_a_caller_whose_deadline_passed_is_dropped) {
    OwnedHandle endpoint = make_endpoint();
    ASSERT_TRUE(endpoint);
    ShortCaller late{endpoint.get()};
    auto thread = Thread::start(ShortCaller::run, &late);
    ASSERT_TRUE(thread.is_ok());
    uint64_t info, badge, w0, w1, w2;
    ASSERT_OK(sys::endpoint_reply_and_wait(endpoint.get(), 0, deadline_in(10 * kSecond), 0, 0, 0,
                                           &info, &badge, &w0, &w1, &w2));
    EXPECT_EQ(abi::ipc_info_label(info), 7u);
    // Owe the reply until the caller has given up.
    EXPECT_TRUE(thread.value().join(deadline_in(10 * kSecond)));
    EXPECT_EQ(late.status, Status::TimedOut);
    // The late reply goes nowhere; nobody else is calling.
    EXPECT_EQ(sys::endpoint_reply_and_wait(endpoint.get(), abi::ipc_info_flags::kHasReply,
                                           abi::kDeadlineNow, 9, 9, 9, &info, &badge, &w0, &w1,
                                           &w2),
              Status::ShouldWait);
    // And the endpoint works as before for the next caller.
    Server server{endpoint.get(), nullptr};
    Atomic<uint64_t> served{0};
    server.served = &served;
    auto server_thread = Thread::start(serve, &server);
    ASSERT_TRUE(server_thread.is_ok());
    uint64_t r0, r1, r2;
    ASSERT_OK(sys::endpoint_call(endpoint.get(), abi::ipc_info(3, 0, 0), deadline_in(10 * kSecond),
                                 10, 20, 30, &info, &r0, &r1, &r2));
    EXPECT_EQ(r0, 11u);
    EXPECT_EQ(r1, 40u);
    EXPECT_EQ(r2, 30 ^ kMagic);
    ASSERT_OK(sys::endpoint_call(endpoint.get(), abi::ipc_info(kLabelStop, 0, 0),
                                 deadline_in(10 * kSecond), 0, 0, 0, &info, &r0, &r1, &r2));
    EXPECT_TRUE(server_thread.value().join(deadline_in(10 * kSecond)));
    EXPECT_EQ(served.load(), 1u);
}
