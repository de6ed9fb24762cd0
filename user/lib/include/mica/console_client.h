#pragma once
// A client of the console service (protocol: mica/protocol/console.h): writes text to the
// console and reads input, blocking up to a deadline. One client per thread: it uses that thread's
// IPC buffer.

#include <abi/ipc_buffer.h>
#include <lib/string_view.h>
#include <mica/handle.h>
#include <mica/sys_result.h>

namespace mica {

class ConsoleClient {
public:
    // Talks to the service through `endpoint` (borrowed: it must outlive the client) with the
    // calling thread's `buffer`; fetches the input notification now, so a service that is not
    // there fails here and not at the first read.
    static SysResult<ConsoleClient> connect(abi::Handle endpoint, abi::IpcBuffer& buffer);

    // All of `text`, in as many messages as it takes.
    SysResult<void> write(StringView text);
    // At least one byte and at most `capacity`, waiting for input until `deadline` (timed_out).
    SysResult<size_t> read(char* destination, size_t capacity, uint64_t deadline);

private:
    ConsoleClient(abi::Handle endpoint, abi::IpcBuffer& buffer, OwnedHandle input)
        : m_endpoint(endpoint), m_buffer(&buffer), m_input(move(input)) {}

    abi::Handle m_endpoint;
    abi::IpcBuffer* m_buffer;
    OwnedHandle m_input; // notification: kInputReady when bytes may be waiting
};

} // namespace mica
