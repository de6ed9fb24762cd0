#include "server.h"

#include <abi/user_syscalls.h>
#include <string.h>

namespace mica::vfs {

namespace {

using protocol::DirectoryRecord;
using protocol::kMaxPathBytes;
using protocol::kSharedBufferSize;
using protocol::Operation;
using namespace protocol::open_flags;

static_assert(kMaxPathBytes == kPathMaxBytes && protocol::kMaxNameBytes == kPathMaxNameBytes,
              "the path resolver enforces the protocol's limits");

Status status_of(PathError error) {
    return error == PathError::NameTooLong ? Status::NameTooLong : Status::BadPath;
}

// Copies the path out of the shared buffer first: the client can change the buffer at any time.
VfsResult<void> read_path(const Session& session, uint64_t offset, uint64_t length,
                          NormalizedPath& path) {
    if (length > kMaxPathBytes)
        return Status::NameTooLong;
    if (offset + length > kSharedBufferSize)
        return Status::InvalidArgument;
    char copy[kMaxPathBytes];
    memcpy(copy, session.buffer + offset, length);
    PathError error = path.parse(StringView(copy, length));
    if (error != PathError::None)
        return status_of(error);
    return {};
}

OpenFile* file_of(Session& session, uint64_t id) {
    if (id >= kMaxOpenFilesPerSession || !session.files[id].target.fs)
        return nullptr;
    return &session.files[id];
}

} // namespace

[[noreturn]] void Server::serve(abi::Handle endpoint) {
    uint64_t reply_info = 0; // nobody to answer before the first request
    uint64_t reply_words[3] = {};
    for (;;) {
        Request request{};
        abi::Status received = sys::endpoint_reply_and_wait(
            endpoint, reply_info, abi::kDeadlineInfinite, reply_words[0], reply_words[1],
            reply_words[2], &request.info, &request.badge, &request.words[0], &request.words[1],
            &request.words[2]);
        Reply reply;
        if (received != abi::Status::Ok) {
            // E.g. our handle table could not take the handles a request carried. A reply to a
            // caller that is not waiting is dropped by the kernel, so answering is always safe.
            reply.status = Status::InvalidArgument;
        } else if (request.info & abi::ipc_info_flags::kNotification) {
            reply_info = 0; // no notification is bound; nothing to answer
            continue;
        } else {
            m_sessions.reap_dead();
            reply = handle(request);
        }
        uint32_t handles = 0;
        if (reply.handle) {
            m_ipc.handles[0] = reply.handle.release();
            handles = 1;
        }
        reply_info = abi::ipc_info(0, 0, handles) | abi::ipc_info_flags::kHasReply;
        reply_words[0] = uint64_t(reply.status);
        reply_words[1] = reply.words[0];
        reply_words[2] = reply.words[1];
    }
}

Server::Reply Server::handle(const Request& request) {
    auto operation = Operation(abi::ipc_info_label(request.info));
    if (operation == Operation::Connect)
        return connect(request);
    // Handles only Connect takes are closed, not kept.
    for (uint32_t i = 0; i < abi::ipc_info_handles(request.info); ++i)
        OwnedHandle(m_ipc.handles[i]).reset();
    Reply reply;
    if (operation == Operation::ServerStatus) {
        reply.words[0] = m_sessions.session_count();
        reply.words[1] = m_sessions.open_file_count();
        return reply;
    }
    Session* session = m_sessions.find(request.badge);
    if (!session) {
        reply.status = Status::NotConnected;
        return reply;
    }
    return handle_in_session(*session, request);
}

Server::Reply Server::connect(const Request& request) {
    uint32_t count = abi::ipc_info_handles(request.info);
    OwnedHandle received[abi::kIpcMaxHandles];
    for (uint32_t i = 0; i < count && i < abi::kIpcMaxHandles; ++i)
        received[i] = OwnedHandle(m_ipc.handles[i]);
    Reply reply;
    if (count != 2 || request.badge != 0) {
        reply.status = Status::InvalidArgument; // a session handle cannot open another session
        return reply;
    }
    auto session = m_sessions.connect(move(received[0]), move(received[1]));
    if (session.is_error())
        reply.status = session.error();
    else
        reply.handle = session.release_value();
    return reply;
}

Server::Reply Server::handle_in_session(Session& session, const Request& request) {
    const uint64_t* words = request.words;
    uint8_t* buffer = session.buffer;
    Reply reply;
    auto fail = [&reply](Status status) {
        reply.status = status;
        return move(reply);
    };

    switch (Operation(abi::ipc_info_label(request.info))) {
    case Operation::Disconnect: m_sessions.end(session); return reply;

    case Operation::Open: {
        uint64_t id = 0;
        while (id < kMaxOpenFilesPerSession && session.files[id].target.fs)
            ++id;
        NormalizedPath path;
        auto read = read_path(session, 0, words[0], path);
        if (read.is_error())
            return fail(read.error());
        if (id == kMaxOpenFilesPerSession)
            return fail(Status::TooManyOpenFiles);
        auto opened = m_mounts.open(path, words[1]);
        if (opened.is_error())
            return fail(opened.error());
        session.files[id] = OpenFile{opened.value(), words[1]};
        reply.words[0] = id;
        return reply;
    }

    case Operation::Close: {
        OpenFile* file = file_of(session, words[0]);
        if (!file)
            return fail(Status::BadFile);
        file->target.fs->close(file->target.node);
        *file = OpenFile{};
        return reply;
    }

    case Operation::Read:
    case Operation::Write: {
        bool is_read = Operation(abi::ipc_info_label(request.info)) == Operation::Read;
        OpenFile* file = file_of(session, words[0]);
        if (!file)
            return fail(Status::BadFile);
        if (file->flags & kDirectory)
            return fail(Status::IsDirectory);
        if (!(file->flags & (is_read ? kRead : kWrite)))
            return fail(Status::AccessDenied);
        if (words[2] > kSharedBufferSize)
            return fail(Status::InvalidArgument);
        auto done =
            is_read ? file->target.fs->read(file->target.node, words[1],
                                            Span<uint8_t>(buffer, words[2]))
                    : file->target.fs->write(file->target.node, words[1], Bytes(buffer, words[2]));
        if (done.is_error())
            return fail(done.error());
        reply.words[0] = done.value();
        return reply;
    }

    case Operation::Stat: {
        OpenFile* file = file_of(session, words[0]);
        if (!file)
            return fail(Status::BadFile);
        StatRecord record = file->target.fs->stat(file->target.node);
        memcpy(buffer, &record, sizeof record);
        return reply;
    }

    case Operation::StatPath: {
        NormalizedPath path;
        auto read = read_path(session, 0, words[0], path);
        if (read.is_error())
            return fail(read.error());
        auto record = m_mounts.stat(path);
        if (record.is_error())
            return fail(record.error());
        memcpy(buffer, &record.value(), sizeof(StatRecord));
        return reply;
    }

    case Operation::ReadDirectory: {
        OpenFile* file = file_of(session, words[0]);
        if (!file)
            return fail(Status::BadFile);
        if (!(file->flags & kDirectory))
            return fail(Status::NotDirectory);
        uint64_t limit =
            words[2] == 0 || words[2] > kSharedBufferSize ? kSharedBufferSize : words[2];
        uint64_t index = words[1], used = 0, count = 0;
        for (;; ++index) {
            EntryInfo entry;
            auto more = file->target.fs->read_directory(file->target.node, index, entry);
            if (more.is_error())
                return fail(more.error());
            if (!more.value())
                break;
            uint64_t bytes = protocol::directory_record_bytes(entry.name.length());
            if (used + bytes > limit) {
                if (count == 0)
                    return fail(Status::InvalidArgument); // not even one entry fits
                break;
            }
            DirectoryRecord record{entry.size, entry.type, uint16_t(entry.name.length()), 0};
            memcpy(buffer + used, &record, sizeof record);
            memcpy(buffer + used + sizeof record, entry.name.data(), entry.name.length());
            used += bytes;
            ++count;
        }
        reply.words[0] = count;
        reply.words[1] = index;
        return reply;
    }

    case Operation::MakeDirectory:
    case Operation::Unlink: {
        NormalizedPath path;
        auto read = read_path(session, 0, words[0], path);
        if (read.is_error())
            return fail(read.error());
        auto done = Operation(abi::ipc_info_label(request.info)) == Operation::MakeDirectory
                        ? m_mounts.make_directory(path)
                        : m_mounts.unlink(path);
        return fail(done.status());
    }

    case Operation::Rename: {
        NormalizedPath from, to;
        auto read = read_path(session, 0, words[0], from);
        if (read.is_ok())
            read = read_path(session, words[0], words[1], to);
        if (read.is_error())
            return fail(read.error());
        return fail(m_mounts.rename(from, to).status());
    }

    case Operation::Truncate: {
        OpenFile* file = file_of(session, words[0]);
        if (!file)
            return fail(Status::BadFile);
        if (file->flags & kDirectory)
            return fail(Status::IsDirectory);
        if (!(file->flags & kWrite))
            return fail(Status::AccessDenied);
        return fail(file->target.fs->truncate(file->target.node, words[1]).status());
    }

    case Operation::Sync: return fail(m_mounts.sync().status());

    default: return fail(Status::InvalidArgument);
    }
}

} // namespace mica::vfs
