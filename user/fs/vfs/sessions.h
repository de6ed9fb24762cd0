#pragma once
// The service's clients: one Session per Connect, named by the badge of the endpoint handle it
// was given, holding the client's shared buffer (mapped here) and its open files. A session
// ends with Disconnect or when its lifeline reports peer_closed (the client died or dropped
// it); reap_dead() looks for those, and the server calls it before each request.

#include "mount_table.h"

#include <abi/ipc_buffer.h>
#include <mica/handle.h>

namespace mica::vfs {

using protocol::kMaxOpenFilesPerSession;
using protocol::kMaxSessions;

struct OpenFile {
    OpenNode target; // fs == nullptr: the slot is free
    uint64_t flags = 0;
};

struct Session {
    uint64_t badge = 0; // 0: the slot is free
    OwnedHandle lifeline;
    OwnedHandle shared;
    uint8_t* buffer = nullptr; // kSharedBufferSize bytes, mapped read-write
    OpenFile files[kMaxOpenFilesPerSession];
};

class SessionTable {
public:
    // `address_space`: this process's (map), for the shared buffers; `service`: the endpoint
    // clients call (read, write, duplicate), from which the session handles are badged.
    SessionTable(abi::Handle address_space, abi::Handle service)
        : m_address_space(address_space), m_service(service) {}
    SessionTable(const SessionTable&) = delete;
    SessionTable& operator=(const SessionTable&) = delete;

    // A new session; returns the badged endpoint handle (write, transfer) for the client.
    VfsResult<OwnedHandle> connect(OwnedHandle shared, OwnedHandle lifeline);
    Session* find(uint64_t badge);
    // Closes the session's files and forgets its buffer and handles.
    void end(Session& session);
    void reap_dead();

    uint32_t session_count() const;
    uint32_t open_file_count() const;

private:
    abi::Handle m_address_space;
    abi::Handle m_service;
    uint64_t m_next_badge = 1; // never reused, so a stale handle cannot reach a new session
    Session m_sessions[kMaxSessions];
};

} // namespace mica::vfs
