#include <abi/ipc_buffer.h>
#include <abi/user_syscalls.h>
#include <drivers/support/mmio.h>
#include <drivers/virtio-blk/server.h>
#include <mica/handle.h>
#include <mica/startup.h>
#include <string.h>

namespace mica::virtio {

namespace {

using block::protocol::Operation;
using Status = abi::Status;

struct Session {
    uint64_t badge = 0; // 0: free slot
    uint8_t* buffer = nullptr;
    uint64_t size = 0;
};

struct Reply {
    Status status = Status::Ok;
    uint64_t word1 = 0;
    uint64_t word2 = 0;
    abi::Handle handle = kInvalidHandle; // moved to the caller
};

class Server {
public:
    Server(abi::Handle endpoint, BlockDevice& device) : m_endpoint(endpoint), m_device(device) {}

    Reply handle(uint64_t info, uint64_t badge, const uint64_t* words, abi::IpcBuffer& ipc);

private:
    Reply connect(uint64_t buffer_size, abi::IpcBuffer& ipc, uint32_t handles);
    Reply transfer(Session& session, bool write, const uint64_t* words);
    Session* find(uint64_t badge);

    abi::Handle m_endpoint;
    BlockDevice& m_device;
    Session m_sessions[block::protocol::kMaxSessions];
    uint64_t m_next_badge = 1;
};

Session* Server::find(uint64_t badge) {
    for (Session& session : m_sessions)
        if (badge != 0 && session.badge == badge)
            return &session;
    return nullptr;
}

Reply Server::connect(uint64_t buffer_size, abi::IpcBuffer& ipc, uint32_t handles) {
    if (handles != 1)
        return {Status::InvalidArgument};
    OwnedHandle memory(ipc.handles[0]);
    if (buffer_size < block::protocol::kMaxTransferBytes || buffer_size % 4096)
        return {Status::InvalidArgument};
    Session* slot = nullptr;
    for (Session& session : m_sessions)
        if (session.badge == 0 && !slot)
            slot = &session;
    if (!slot)
        return {Status::NoResources};
    auto mapped = driver::map_memory(memory.get(), buffer_size);
    if (mapped.is_error())
        return {mapped.error().status};
    abi::Handle session_handle = kInvalidHandle;
    uint64_t badge = m_next_badge++;
    Status badged = sys::endpoint_badge(m_endpoint, abi::Rights::Write | abi::Rights::Transfer,
                                        badge, &session_handle);
    if (badged != Status::Ok)
        return {badged};
    *slot = {badge, mapped.value(), buffer_size};
    return {Status::Ok, BlockDevice::kSectorSize, m_device.sector_count(), session_handle};
}

Reply Server::transfer(Session& session, bool write, const uint64_t* words) {
    uint64_t first = words[0], count = words[1], offset = words[2];
    uint64_t bytes = count * BlockDevice::kSectorSize;
    if (count == 0 || count > block::protocol::kMaxTransferBytes / BlockDevice::kSectorSize ||
        offset > session.size || bytes > session.size - offset)
        return {Status::OutOfRange};
    if (write)
        memcpy(m_device.buffer(), session.buffer + offset, bytes);
    auto done = m_device.transfer(write, first, uint32_t(count));
    if (done.is_error())
        return {done.error().status};
    if (!write)
        memcpy(session.buffer + offset, m_device.buffer(), bytes);
    return {};
}

Reply Server::handle(uint64_t info, uint64_t badge, const uint64_t* words, abi::IpcBuffer& ipc) {
    uint32_t handles = abi::ipc_info_handles(info);
    auto operation = Operation(abi::ipc_info_label(info));
    if (operation == Operation::Connect)
        return connect(words[0], ipc, handles);
    for (uint32_t i = 0; i < handles; ++i)
        (void)sys::handle_close(ipc.handles[i]); // nothing else takes handles
    Session* session = find(badge);
    if (!session)
        return {Status::BadHandle}; // not a session handle: connect first
    switch (operation) {
    case Operation::Read: return transfer(*session, false, words);
    case Operation::Write: return transfer(*session, true, words);
    case Operation::Flush: {
        auto flushed = m_device.flush();
        return {flushed.is_error() ? flushed.error().status : Status::Ok};
    }
    case Operation::Info: return {Status::Ok, BlockDevice::kSectorSize, m_device.sector_count()};
    case Operation::Disconnect: *session = {}; return {};
    default: return {Status::InvalidArgument};
    }
}

} // namespace

SysError serve_block(abi::Handle endpoint, BlockDevice& device) {
    auto& ipc = *reinterpret_cast<abi::IpcBuffer*>(startup_info()->ipc_buffer);
    static Server server(endpoint, device);
    uint64_t reply_info = 0;
    Reply reply;
    for (;;) {
        uint64_t info = 0, badge = 0, words[3] = {};
        if (reply.handle != kInvalidHandle)
            ipc.handles[0] = reply.handle;
        Status status = sys::endpoint_reply_and_wait(
            endpoint, reply_info, abi::kDeadlineInfinite, uint64_t(reply.status), reply.word1,
            reply.word2, &info, &badge, &words[0], &words[1], &words[2]);
        if (status != Status::Ok)
            return SysError{status, "endpoint_reply_and_wait"};
        reply = server.handle(info, badge, words, ipc);
        reply_info = abi::ipc_info(0, 0, reply.handle != kInvalidHandle ? 1 : 0) |
                     abi::ipc_info_flags::kHasReply;
    }
}

} // namespace mica::virtio
