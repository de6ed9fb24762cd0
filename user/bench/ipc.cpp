// IPC rows: call+reply round trips to a server in another process (0 words, 4 words, one handle)
// and notification signal->wake between the same two processes.
//
// "4 words" is the message size taken literally: the three words endpoint_call carries in
// registers plus one more, which travels in the IPC buffer (info: 1 extra word), in both
// directions. The handle row moves one handle to the server with the call and the server moves
// it back with the reply (both directions transfer, so the loop needs no new handles).

#include <mica/print.h>
#include <mica/startup.h>
#include <support.h>

namespace mica::bench {

namespace {

using abi::Rights;

constexpr uint64_t kCalls = 4'000;
constexpr uint64_t kWarmUp = 100;
constexpr uint64_t kNotifyRounds = 4'000;

enum Label : uint32_t {
    kLabelEcho = 1,   // reply with the same words and handles (counts and values)
    kLabelNotify = 2, // two notifications attached: ping (server waits), pong (server signals);
                      // word0 rounds of wait(ping) -> signal(pong) follow the reply
};

// One echo call; the reply's info (0 when the call failed, which the caller reports).
abi::Status call(abi::Handle endpoint, uint64_t info, uint64_t* reply_info) {
    uint64_t w0 = 0, w1 = 0, w2 = 0;
    return sys::endpoint_call(endpoint, info, abi::kDeadlineInfinite, 1, 2, 3, reply_info, &w0, &w1,
                              &w2);
}

SysResult<uint64_t> time_calls(abi::Handle endpoint, uint64_t info) {
    uint64_t reply_info = 0;
    for (uint64_t i = 0; i < kWarmUp; ++i)
        TRY(check(call(endpoint, info, &reply_info), "endpoint_call"));
    uint64_t start = timing_start();
    for (uint64_t i = 0; i < kCalls; ++i)
        TRY(check(call(endpoint, info, &reply_info), "endpoint_call"));
    return timing_stop(start);
}

SysResult<uint64_t> time_handle_calls(abi::Handle endpoint) {
    abi::IpcBuffer& buffer = main_ipc_buffer();
    abi::Handle raw = kInvalidHandle;
    TRY(check(sys::notification_create(0, &raw), "notification_create"));
    // Each send moves the handle out of our table and the reply moves it back under a new value,
    // which the buffer then holds.
    buffer.handles[0] = raw;
    uint64_t info = abi::ipc_info(kLabelEcho, 0, 1);
    uint64_t reply_info = 0;
    for (uint64_t i = 0; i < kWarmUp; ++i)
        TRY(check(call(endpoint, info, &reply_info), "endpoint_call with a handle"));
    uint64_t start = timing_start();
    for (uint64_t i = 0; i < kCalls; ++i)
        TRY(check(call(endpoint, info, &reply_info), "endpoint_call with a handle"));
    uint64_t total = timing_stop(start);
    if (abi::ipc_info_handles(reply_info) != 1)
        return SysError{abi::Status::BadState, "endpoint_call", "the handle did not come back"};
    (void)sys::handle_close(buffer.handles[0]);
    return total;
}

SysResult<OwnedHandle> make_notification() {
    abi::Handle raw = kInvalidHandle;
    TRY(check(sys::notification_create(0, &raw), "notification_create"));
    return OwnedHandle(raw);
}

// Round trips of signal(ping) -> the server wakes and signals(pong) -> we wake.
SysResult<uint64_t> time_notifications(abi::Handle endpoint) {
    OwnedHandle ping = TRY(make_notification());
    OwnedHandle pong = TRY(make_notification());
    abi::IpcBuffer& buffer = main_ipc_buffer();
    buffer.handles[0] = TRY(ping.duplicate(Rights::Wait | Rights::Transfer)).release();
    buffer.handles[1] = TRY(pong.duplicate(Rights::Signal | Rights::Transfer)).release();
    uint64_t reply_info = 0, w0 = 0, w1 = 0, w2 = 0;
    uint64_t rounds = kWarmUp + kNotifyRounds;
    TRY(check(sys::endpoint_call(endpoint, abi::ipc_info(kLabelNotify, 0, 2),
                                 abi::kDeadlineInfinite, rounds, 0, 0, &reply_info, &w0, &w1, &w2),
              "endpoint_call (notify)"));
    uint64_t bits = 0;
    for (uint64_t i = 0; i < kWarmUp; ++i) {
        TRY(check(sys::notification_signal(ping.get(), 1), "notification_signal"));
        TRY(check(sys::notification_wait(pong.get(), abi::kDeadlineInfinite, &bits),
                  "notification_wait"));
    }
    uint64_t start = timing_start();
    for (uint64_t i = 0; i < kNotifyRounds; ++i) {
        TRY(check(sys::notification_signal(ping.get(), 1), "notification_signal"));
        TRY(check(sys::notification_wait(pong.get(), abi::kDeadlineInfinite, &bits),
                  "notification_wait"));
    }
    return timing_stop(start);
}

// The server side of kLabelNotify, after the reply.
void notification_partner(abi::Handle ping, abi::Handle pong, uint64_t rounds) {
    uint64_t bits = 0;
    for (uint64_t i = 0; i < rounds; ++i) {
        if (sys::notification_wait(ping, abi::kDeadlineInfinite, &bits) != abi::Status::Ok ||
            sys::notification_signal(pong, 1) != abi::Status::Ok)
            break;
    }
    (void)sys::handle_close(ping);
    (void)sys::handle_close(pong);
}

struct Server {
    OwnedHandle process;
    OwnedHandle client;
};

SysResult<Server> start_server() {
    abi::Handle raw = kInvalidHandle;
    TRY(check(sys::endpoint_create(0, &raw), "endpoint_create"));
    OwnedHandle endpoint(raw);
    Server server;
    server.client = TRY(endpoint.duplicate(Rights::Write));
    // The server holds the only receive handle.
    TRY(endpoint.restrict_rights(Rights::Read | Rights::Transfer));
    StartupGrant grants[] = {{abi::StartupRole::Bootstrap, move(endpoint)}};
    server.process = TRY(spawn_self(kModeServer, Span<StartupGrant>(grants, 1)));
    return server;
}

void print_row(StringView row, const SysResult<uint64_t>& total, uint64_t operations) {
    if (total.is_error())
        report_error(row, total.error());
    else
        report(row, total.value(), operations);
}

} // namespace

void ipc_rows() {
    auto server = start_server();
    if (server.is_error()) {
        report_error("ipc_call_0w", server.error());
        return;
    }
    abi::Handle client = server.value().client.get();
    print_row("ipc_call_0w", time_calls(client, abi::ipc_info(kLabelEcho, 0, 0)), kCalls);
    main_ipc_buffer().words[0] = 4;
    print_row("ipc_call_4w", time_calls(client, abi::ipc_info(kLabelEcho, 1, 0)), kCalls);
    print_row("ipc_call_handle", time_handle_calls(client), kCalls);
    // Each round trip is two signal->wake hand-overs.
    print_row("notify_wake", time_notifications(client), 2 * kNotifyRounds);

    (void)sys::process_kill(server.value().process.get());
    int64_t code = 0;
    (void)sys::process_wait(server.value().process.get(), abi::kDeadlineInfinite, &code);
}

// Serves echo calls on the Bootstrap endpoint until killed.
int serve() {
    abi::Handle endpoint = startup_handle(abi::StartupRole::Bootstrap);
    if (endpoint == kInvalidHandle) {
        println("bench: server: no endpoint");
        return 1;
    }
    abi::IpcBuffer& buffer = main_ipc_buffer();
    uint64_t reply_info = 0;
    for (;;) {
        uint64_t info = 0, badge = 0, w0 = 0, w1 = 0, w2 = 0;
        abi::Status status = sys::endpoint_reply_and_wait(
            endpoint, reply_info, abi::kDeadlineInfinite, 1, 2, 3, &info, &badge, &w0, &w1, &w2);
        reply_info = 0;
        if (status != abi::Status::Ok) {
            println("bench: server: endpoint_reply_and_wait: {}", abi::status_name(status));
            continue;
        }
        uint32_t label = abi::ipc_info_label(info);
        if (label == kLabelNotify && abi::ipc_info_handles(info) == 2) {
            abi::Handle ping = buffer.handles[0], pong = buffer.handles[1];
            uint64_t rounds = w0;
            // Reply first (polling for the next call, which is not there yet), then play.
            (void)sys::endpoint_reply_and_wait(
                endpoint, abi::ipc_info_flags::kHasReply | abi::ipc_info(label, 0, 0),
                abi::kDeadlineNow, 0, 0, 0, &info, &badge, &w0, &w1, &w2);
            notification_partner(ping, pong, rounds);
            continue;
        }
        // Echo: the received words are in our buffer and the received handles are listed there,
        // so replying with the same counts sends them back.
        reply_info = abi::ipc_info_flags::kHasReply |
                     abi::ipc_info(label, abi::ipc_info_words(info), abi::ipc_info_handles(info));
    }
}

} // namespace mica::bench
