#include <abi/ipc_buffer.h>
#include <abi/user_syscalls.h>
#include <drivers/virtio-rng/server.h>
#include <mica/startup.h>

namespace mica::virtio {

namespace {

using rng::protocol::Operation;
using Status = abi::Status;

struct Reply {
    Status status = Status::Ok;
    uint64_t bytes = 0; // also in the IPC buffer words
};

Reply handle(uint64_t info, uint64_t word0, abi::IpcBuffer& ipc, EntropyDevice& device) {
    for (uint32_t i = 0; i < abi::ipc_info_handles(info); ++i)
        (void)sys::handle_close(ipc.handles[i]); // the protocol takes no handles
    if (Operation(abi::ipc_info_label(info)) != Operation::Read)
        return {Status::InvalidArgument};
    if (word0 == 0 || word0 > EntropyDevice::kMaxBytes)
        return {Status::OutOfRange};
    auto filled = device.fill(reinterpret_cast<uint8_t*>(ipc.words), uint32_t(word0));
    if (filled.is_error())
        return {filled.error().status};
    return {Status::Ok, word0};
}

} // namespace

SysError serve_entropy(abi::Handle endpoint, EntropyDevice& device) {
    auto& ipc = *reinterpret_cast<abi::IpcBuffer*>(startup_info()->ipc_buffer);
    uint64_t reply_info = 0;
    Reply reply;
    for (;;) {
        uint64_t info = 0, badge = 0, words[3] = {};
        Status status = sys::endpoint_reply_and_wait(endpoint, reply_info, abi::kDeadlineInfinite,
                                                     uint64_t(reply.status), reply.bytes, 0, &info,
                                                     &badge, &words[0], &words[1], &words[2]);
        if (status != Status::Ok)
            return SysError{status, "endpoint_reply_and_wait"};
        reply = handle(info, words[0], ipc, device);
        reply_info =
            abi::ipc_info(0, uint32_t((reply.bytes + 7) / 8), 0) | abi::ipc_info_flags::kHasReply;
    }
}

} // namespace mica::virtio
