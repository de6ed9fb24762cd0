#include <abi/user_syscalls.h>
#include <mica/console_client.h>
#include <mica/protocol/console.h>
#include <string.h>

namespace mica {

namespace {

using console::protocol::kMaxTransferBytes;
using console::protocol::Operation;

struct Reply {
    abi::Status status;
    uint64_t result;
    uint64_t info;
};

SysResult<Reply> call(abi::Handle endpoint, Operation operation, uint64_t argument,
                      uint32_t buffer_words, uint64_t deadline, const char* step) {
    uint64_t info = 0, words[3] = {};
    TRY(check(sys::endpoint_call(endpoint, abi::ipc_info(uint32_t(operation), buffer_words, 0),
                                 deadline, argument, 0, 0, &info, &words[0], &words[1], &words[2]),
              step));
    return Reply{abi::Status(words[0]), words[1], info};
}

} // namespace

SysResult<ConsoleClient> ConsoleClient::connect(abi::Handle endpoint, abi::IpcBuffer& buffer) {
    Reply reply = TRY(
        call(endpoint, Operation::InputEvent, 0, 0, abi::kDeadlineInfinite, "console input event"));
    TRY(check(reply.status, "console input event"));
    if (abi::ipc_info_handles(reply.info) != 1)
        return SysError{abi::Status::BadState, "console input event", "no notification in reply"};
    return ConsoleClient(endpoint, buffer, OwnedHandle(buffer.handles[0]));
}

SysResult<void> ConsoleClient::write(StringView text) {
    size_t done = 0;
    while (done < text.length()) {
        size_t chunk = text.length() - done;
        if (chunk > kMaxTransferBytes)
            chunk = kMaxTransferBytes;
        memcpy(m_buffer->words, text.data() + done, chunk);
        uint32_t words = uint32_t((chunk + 7) / 8);
        Reply reply = TRY(call(m_endpoint, Operation::Write, chunk, words, abi::kDeadlineInfinite,
                               "console write"));
        TRY(check(reply.status, "console write"));
        if (reply.result == 0 || reply.result > chunk)
            return SysError{abi::Status::BadState, "console write", "service wrote nothing"};
        done += reply.result;
    }
    return {};
}

SysResult<size_t> ConsoleClient::read(char* destination, size_t capacity, uint64_t deadline) {
    if (capacity > kMaxTransferBytes)
        capacity = kMaxTransferBytes;
    for (;;) {
        Reply reply = TRY(call(m_endpoint, Operation::Read, capacity, 0, deadline, "console read"));
        if (reply.status == abi::Status::Ok) {
            size_t count = reply.result <= capacity ? reply.result : capacity;
            memcpy(destination, m_buffer->words, count);
            return count;
        }
        if (reply.status != abi::Status::ShouldWait)
            return SysError{reply.status, "console read"};
        // Raised on every arrival, so input that came after the Read above is not missed: the bit
        // stays set until this wait takes it.
        uint64_t bits = 0;
        TRY(check(sys::notification_wait(m_input.get(), deadline, &bits), "console read wait"));
    }
}

} // namespace mica
