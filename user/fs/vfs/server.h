#pragma once
// The request loop: receive on the service endpoint, drop dead sessions, carry out the request
// (mica/protocol/vfs.h) and reply, one request at a time. A malformed request gets an error
// reply; nothing a client sends ends the loop.

#include "mount_table.h"
#include "sessions.h"

#include <abi/ipc_buffer.h>

namespace mica::vfs {

class Server {
public:
    Server(MountTable& mounts, SessionTable& sessions, abi::IpcBuffer& ipc)
        : m_mounts(mounts), m_sessions(sessions), m_ipc(ipc) {}

    [[noreturn]] void serve(abi::Handle endpoint);

private:
    struct Request {
        uint64_t info;
        uint64_t badge;
        uint64_t words[3];
    };
    struct Reply {
        Status status = Status::Ok;
        uint64_t words[2] = {};
        OwnedHandle handle; // moved to the client (Connect)
    };

    Reply handle(const Request& request);
    Reply connect(const Request& request);
    Reply handle_in_session(Session& session, const Request& request);

    MountTable& m_mounts;
    SessionTable& m_sessions;
    abi::IpcBuffer& m_ipc;
};

} // namespace mica::vfs
