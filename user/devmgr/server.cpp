#include <abi/ipc_buffer.h>
#include <abi/user_syscalls.h>
#include <devmgr/server.h>
#include <mica/handle.h>
#include <mica/protocol/devmgr.h>
#include <mica/startup.h>
#include <string.h>

namespace mica::devmgr {

namespace {

using protocol::Operation;

// How long devmgr waits for a call before it looks at its drivers again. Driver deaths are
// noticed by polling each driver process's terminated signal: waiting on several objects at
// once is not a kernel feature yet.
constexpr uint64_t kWatchIntervalNs = 20'000'000;

struct Reply {
    abi::Status status = abi::Status::Ok;
    uint64_t word1 = 0;
    uint64_t word2 = 0;
    uint32_t extra_words = 0;
    abi::Handle handle = kInvalidHandle; // moved to the caller
};

Reply list_devices(StringView list, uint64_t offset, abi::IpcBuffer& ipc) {
    if (offset > list.length())
        return {abi::Status::OutOfRange};
    uint64_t bytes = min<uint64_t>(protocol::kListChunkBytes, list.length() - offset);
    memcpy(ipc.words, list.data() + offset, bytes);
    return {abi::Status::Ok, list.length(), bytes, uint32_t((bytes + 7) / 8)};
}

// An endpoint (write, transfer) to `driver`, and how many times it has been started.
Reply open_driver(BlockDriver& driver) {
    if (!driver.endpoint)
        return {abi::Status::PeerClosed};
    abi::Handle copy = kInvalidHandle;
    abi::Status status = sys::handle_duplicate(driver.endpoint.get(),
                                               abi::Rights::Write | abi::Rights::Transfer, &copy);
    if (status != abi::Status::Ok)
        return {status};
    return {abi::Status::Ok, driver.starts, 0, 0, copy};
}

Reply open_block(Drivers& drivers, uint64_t index) {
    if (index >= drivers.block_count())
        return {abi::Status::NotFound};
    return open_driver(drivers.block(index));
}

Reply open_rng(Drivers& drivers, uint64_t index) {
    if (index >= drivers.rng_count())
        return {abi::Status::NotFound};
    return open_driver(drivers.rng(index));
}

Reply stop_block(Drivers& drivers, uint64_t index) {
    if (index >= drivers.block_count())
        return {abi::Status::NotFound};
    BlockDriver& driver = drivers.block(index);
    if (!driver.process)
        return {abi::Status::BadState};
    driver.stop_requested = true;
    return {sys::process_kill(driver.process.get())};
}

uint64_t deadline() {
    uint64_t now = 0;
    (void)sys::clock_get(0, &now);
    return now + kWatchIntervalNs;
}

} // namespace

SysError serve(abi::Handle endpoint, StringView list, Drivers& drivers) {
    auto& ipc = *reinterpret_cast<abi::IpcBuffer*>(startup_info()->ipc_buffer);
    uint64_t reply_info = 0;
    Reply reply;
    for (;;) {
        uint64_t info = 0, badge = 0, word0 = 0, word1 = 0, word2 = 0;
        if (reply.handle != kInvalidHandle)
            ipc.handles[0] = reply.handle;
        abi::Status status = sys::endpoint_reply_and_wait(
            endpoint, reply_info, deadline(), uint64_t(reply.status), reply.word1, reply.word2,
            &info, &badge, &word0, &word1, &word2);
        reply_info = 0;
        reply = {};
        drivers.restart_dead();
        if (status == abi::Status::TimedOut)
            continue;
        if (status != abi::Status::Ok)
            return SysError{status, "endpoint_reply_and_wait"};
        // Handles a caller sent uninvited are not kept.
        for (uint32_t i = 0; i < abi::ipc_info_handles(info); ++i)
            (void)sys::handle_close(ipc.handles[i]);
        switch (Operation(abi::ipc_info_label(info))) {
        case Operation::ListDevices: reply = list_devices(list, word0, ipc); break;
        case Operation::OpenBlock: reply = open_block(drivers, word0); break;
        case Operation::StopBlock: reply = stop_block(drivers, word0); break;
        case Operation::OpenRng: reply = open_rng(drivers, word0); break;
        default: reply = {abi::Status::InvalidArgument}; break;
        }
        reply_info = abi::ipc_info(0, reply.extra_words, reply.handle != kInvalidHandle ? 1 : 0) |
                     abi::ipc_info_flags::kHasReply;
    }
}

} // namespace mica::devmgr
