#include "sessions.h"

#include <abi/user_syscalls.h>

namespace mica::vfs {

namespace {

using abi::Rights;
using protocol::kSharedBufferSize;

// True once the client's receive handle to the lifeline is gone.
bool is_gone(abi::Handle lifeline) {
    uint64_t observed = 0;
    abi::Status status =
        sys::object_wait(lifeline, abi::signal_flags::kPeerClosed, abi::kDeadlineNow, &observed);
    return status == abi::Status::Ok && (observed & abi::signal_flags::kPeerClosed);
}

} // namespace

VfsResult<OwnedHandle> SessionTable::connect(OwnedHandle shared, OwnedHandle lifeline) {
    // The lifeline must be an endpoint whose peer_closed this process can wait for, and its
    // client must still be there; anything else could never tell us the client died.
    abi::ObjectType type{};
    abi::Rights rights{};
    if (sys::handle_info(lifeline.get(), &type, &rights) != abi::Status::Ok ||
        type != abi::ObjectType::Endpoint || (rights & Rights::Wait) != Rights::Wait ||
        is_gone(lifeline.get()))
        return Status::InvalidArgument;

    Session* free = nullptr;
    for (Session& session : m_sessions) {
        if (session.badge == 0) {
            free = &session;
            break;
        }
    }
    if (!free)
        return Status::TooManySessions;

    // Too small, not a memory object or without read/write/map: the map says so.
    uint64_t address = 0;
    if (sys::address_space_map(m_address_space, shared.get(), 0, kSharedBufferSize, 0,
                               abi::map_flags::kRead | abi::map_flags::kWrite,
                               &address) != abi::Status::Ok)
        return Status::InvalidArgument;

    uint64_t badge = m_next_badge++;
    abi::Handle badged = kInvalidHandle;
    if (sys::endpoint_badge(m_service, Rights::Write | Rights::Transfer, badge, &badged) !=
        abi::Status::Ok) {
        (void)sys::address_space_unmap(m_address_space, address, kSharedBufferSize);
        return Status::TooManySessions; // our handle table is full
    }
    free->badge = badge;
    free->shared = move(shared);
    free->lifeline = move(lifeline);
    free->buffer = reinterpret_cast<uint8_t*>(address);
    return OwnedHandle(badged);
}

Session* SessionTable::find(uint64_t badge) {
    if (badge == 0)
        return nullptr;
    for (Session& session : m_sessions) {
        if (session.badge == badge)
            return &session;
    }
    return nullptr;
}

void SessionTable::end(Session& session) {
    for (OpenFile& file : session.files) {
        if (file.target.fs)
            file.target.fs->close(file.target.node);
        file = OpenFile{};
    }
    (void)sys::address_space_unmap(m_address_space, reinterpret_cast<uint64_t>(session.buffer),
                                   kSharedBufferSize);
    session.buffer = nullptr;
    session.shared.reset();
    session.lifeline.reset();
    session.badge = 0;
}

void SessionTable::reap_dead() {
    for (Session& session : m_sessions) {
        if (session.badge != 0 && is_gone(session.lifeline.get()))
            end(session);
    }
}

uint32_t SessionTable::session_count() const {
    uint32_t count = 0;
    for (const Session& session : m_sessions)
        count += session.badge != 0;
    return count;
}

uint32_t SessionTable::open_file_count() const {
    uint32_t count = 0;
    for (const Session& session : m_sessions) {
        for (const OpenFile& file : session.files)
            count += file.target.fs != nullptr;
    }
    return count;
}

} // namespace mica::vfs
