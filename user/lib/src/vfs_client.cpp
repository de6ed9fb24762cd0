#include <abi/user_syscalls.h>
#include <mica/heap.h>
#include <mica/startup.h>
#include <mica/vfs.h>
#include <string.h>

namespace mica::vfs {

namespace {

using abi::Rights;
using protocol::DirectoryRecord;
using protocol::kSharedBufferSize;
using protocol::Operation;

VfsResult<void> status_only(const Client::Answer& answer) { return answer.status; }

} // namespace

VfsResult<Client> Client::connect(abi::Handle service, abi::IpcBuffer& ipc) {
    abi::Handle address_space = startup_handle(abi::StartupRole::SelfAddressSpace);
    abi::Handle raw = kInvalidHandle;
    if (sys::memory_object_create(kSharedBufferSize, 0, &raw) != abi::Status::Ok)
        return Status::NoSpace;
    OwnedHandle shared(raw);
    uint64_t address = 0;
    if (sys::address_space_map(address_space, shared.get(), 0, kSharedBufferSize, 0,
                               abi::map_flags::kRead | abi::map_flags::kWrite,
                               &address) != abi::Status::Ok)
        return Status::NoSpace;
    auto* buffer = reinterpret_cast<uint8_t*>(address);
    auto unmap = [&] { (void)sys::address_space_unmap(address_space, address, kSharedBufferSize); };

    if (sys::endpoint_create(0, &raw) != abi::Status::Ok) {
        unmap();
        return Status::NoSpace;
    }
    OwnedHandle lifeline(raw);
    auto shared_for_service =
        shared.duplicate(Rights::Read | Rights::Write | Rights::Map | Rights::Transfer);
    auto lifeline_for_service = lifeline.duplicate(Rights::Wait | Rights::Transfer);
    if (shared_for_service.is_error() || lifeline_for_service.is_error()) {
        unmap();
        return Status::NoSpace;
    }
    ipc.handles[0] = shared_for_service.value().release();
    ipc.handles[1] = lifeline_for_service.value().release();
    uint64_t info = 0, status = 0, unused = 0;
    abi::Status called =
        sys::endpoint_call(service, abi::ipc_info(uint32_t(Operation::Connect), 0, 2),
                           abi::kDeadlineInfinite, 0, 0, 0, &info, &status, &unused, &unused);
    if (called != abi::Status::Ok) {
        unmap();
        return Status::ServiceGone;
    }
    OwnedHandle session(abi::ipc_info_handles(info) >= 1 ? ipc.handles[0] : kInvalidHandle);
    if (Status(status) != Status::Ok || !session) {
        unmap();
        return Status(status) != Status::Ok ? Status(status) : Status::InvalidArgument;
    }
    // The mapping keeps the memory object; our handle to it is not needed.
    return Client(move(session), move(lifeline), buffer);
}

Client::Client(Client&& other)
    : m_session(move(other.m_session)), m_lifeline(move(other.m_lifeline)),
      m_buffer(other.m_buffer) {
    other.m_buffer = nullptr;
}

Client::~Client() {
    if (m_session)
        (void)request(Operation::Disconnect);
    if (m_buffer)
        (void)sys::address_space_unmap(startup_handle(abi::StartupRole::SelfAddressSpace),
                                       reinterpret_cast<uint64_t>(m_buffer), kSharedBufferSize);
}

Client::Answer Client::request(Operation operation, uint64_t word0, uint64_t word1,
                               uint64_t word2) {
    uint64_t info = 0, reply[3] = {};
    abi::Status called = sys::endpoint_call(
        m_session.get(), abi::ipc_info(uint32_t(operation), 0, 0), abi::kDeadlineInfinite, word0,
        word1, word2, &info, &reply[0], &reply[1], &reply[2]);
    if (called != abi::Status::Ok)
        return Answer{Status::ServiceGone, {}};
    return Answer{Status(reply[0]), {reply[1], reply[2]}};
}

VfsResult<void> Client::put_path(uint64_t offset, StringView path) {
    if (path.length() > protocol::kMaxPathBytes || offset + path.length() > kSharedBufferSize)
        return Status::NameTooLong;
    memcpy(m_buffer + offset, path.data(), path.length());
    return {};
}

VfsResult<Client*> default_client() {
    static Client* client = nullptr;
    if (client)
        return client;
    abi::Handle service = startup_handle(abi::StartupRole::Filesystem);
    const abi::StartupInfo* info = startup_info();
    if (service == kInvalidHandle || !info || !info->ipc_buffer)
        return Status::NotConnected;
    Client connected =
        TRY(Client::connect(service, *reinterpret_cast<abi::IpcBuffer*>(info->ipc_buffer)));
    client = new (std::nothrow) Client(move(connected));
    if (!client)
        return Status::NoSpace;
    return client;
}

// ---- File -------------------------------------------------------------------------------------

VfsResult<File> File::open(Client& client, StringView path, uint64_t flags) {
    TRY(client.put_path(0, path));
    auto answer = client.request(Operation::Open, path.length(), flags);
    TRY(status_only(answer));
    return File(client, answer.words[0]);
}

File::File(File&& other)
    : m_client(other.m_client), m_id(other.m_id), m_position(other.m_position) {
    other.m_client = nullptr;
}

File::~File() { (void)close(); }

VfsResult<void> File::close() {
    if (!m_client)
        return {};
    Client* client = m_client;
    m_client = nullptr;
    return status_only(client->request(Operation::Close, m_id));
}

VfsResult<size_t> File::read_at(uint64_t offset, Span<uint8_t> buffer) {
    if (!m_client)
        return Status::BadFile;
    size_t done = 0;
    while (done < buffer.size()) {
        uint64_t chunk = buffer.size() - done;
        if (chunk > kSharedBufferSize)
            chunk = kSharedBufferSize;
        auto answer = m_client->request(Operation::Read, m_id, offset + done, chunk);
        TRY(status_only(answer));
        uint64_t got = answer.words[0] <= chunk ? answer.words[0] : chunk;
        memcpy(buffer.data() + done, m_client->buffer(), got);
        done += got;
        if (got < chunk)
            break; // the end of the file
    }
    return done;
}

VfsResult<size_t> File::write_at(uint64_t offset, Bytes data) {
    if (!m_client)
        return Status::BadFile;
    size_t done = 0;
    while (done < data.size()) {
        uint64_t chunk = data.size() - done;
        if (chunk > kSharedBufferSize)
            chunk = kSharedBufferSize;
        memcpy(m_client->buffer(), data.data() + done, chunk);
        auto answer = m_client->request(Operation::Write, m_id, offset + done, chunk);
        TRY(status_only(answer));
        done += chunk;
    }
    return done;
}

VfsResult<size_t> File::read(Span<uint8_t> buffer) {
    size_t done = TRY(read_at(m_position, buffer));
    m_position += done;
    return done;
}

VfsResult<size_t> File::write(Bytes data) {
    size_t done = TRY(write_at(m_position, data));
    m_position += done;
    return done;
}

VfsResult<uint64_t> File::seek(int64_t offset, Whence whence) {
    int64_t base = 0;
    if (whence == Whence::Current)
        base = int64_t(m_position);
    else if (whence == Whence::End)
        base = int64_t(TRY(stat()).size);
    if ((offset < 0 && base + offset < 0) || (offset > 0 && base > INT64_MAX - offset))
        return Status::InvalidArgument;
    m_position = uint64_t(base + offset);
    return m_position;
}

VfsResult<StatRecord> File::stat() {
    if (!m_client)
        return Status::BadFile;
    TRY(status_only(m_client->request(Operation::Stat, m_id)));
    StatRecord record;
    memcpy(&record, m_client->buffer(), sizeof record);
    return record;
}

VfsResult<void> File::truncate(uint64_t size) {
    if (!m_client)
        return Status::BadFile;
    return status_only(m_client->request(Operation::Truncate, m_id, size));
}

// ---- Directory --------------------------------------------------------------------------------

VfsResult<Directory> Directory::open(Client& client, StringView path) {
    auto* batch = static_cast<uint8_t*>(heap_allocate(kBatchBytes));
    if (!batch)
        return Status::NoSpace;
    auto put = client.put_path(0, path);
    auto answer = put.is_ok()
                      ? client.request(Operation::Open, path.length(), open_flags::kDirectory)
                      : Client::Answer{put.error(), {}};
    if (answer.status != Status::Ok) {
        heap_free(batch);
        return answer.status;
    }
    return Directory(client, answer.words[0], batch);
}

Directory::Directory(Directory&& other)
    : m_client(other.m_client), m_id(other.m_id), m_batch(other.m_batch), m_cookie(other.m_cookie),
      m_batch_count(other.m_batch_count), m_batch_used(other.m_batch_used),
      m_batch_offset(other.m_batch_offset), m_done(other.m_done) {
    other.m_client = nullptr;
    other.m_batch = nullptr;
}

Directory::~Directory() {
    if (m_client)
        (void)m_client->request(Operation::Close, m_id);
    heap_free(m_batch);
}

VfsResult<bool> Directory::next(Entry& out) {
    if (!m_client)
        return Status::BadFile;
    if (m_batch_used == m_batch_count) {
        if (m_done)
            return false;
        auto answer = m_client->request(Operation::ReadDirectory, m_id, m_cookie, kBatchBytes);
        TRY(status_only(answer));
        if (answer.words[0] == 0) {
            m_done = true;
            return false;
        }
        memcpy(m_batch, m_client->buffer(), kBatchBytes);
        m_batch_count = answer.words[0];
        m_cookie = answer.words[1];
        m_batch_used = m_batch_offset = 0;
    }
    // The service wrote these records; still, never read past the batch.
    DirectoryRecord record;
    if (m_batch_offset + sizeof record > kBatchBytes)
        return Status::IoError;
    memcpy(&record, m_batch + m_batch_offset, sizeof record);
    uint64_t bytes = protocol::directory_record_bytes(record.name_length);
    if (record.name_length > protocol::kMaxNameBytes || m_batch_offset + bytes > kBatchBytes)
        return Status::IoError;
    memcpy(out.name_bytes, m_batch + m_batch_offset + sizeof record, record.name_length);
    out.name_length = record.name_length;
    out.type = record.type;
    out.size = record.size;
    m_batch_offset += bytes;
    ++m_batch_used;
    return true;
}

// ---- Paths ------------------------------------------------------------------------------------

VfsResult<StatRecord> stat(Client& client, StringView path) {
    TRY(client.put_path(0, path));
    TRY(status_only(client.request(Operation::StatPath, path.length())));
    StatRecord record;
    memcpy(&record, client.buffer(), sizeof record);
    return record;
}

VfsResult<void> make_directory(Client& client, StringView path) {
    TRY(client.put_path(0, path));
    return status_only(client.request(Operation::MakeDirectory, path.length()));
}

VfsResult<void> unlink(Client& client, StringView path) {
    TRY(client.put_path(0, path));
    return status_only(client.request(Operation::Unlink, path.length()));
}

VfsResult<void> rename(Client& client, StringView from, StringView to) {
    TRY(client.put_path(0, from));
    TRY(client.put_path(from.length(), to));
    return status_only(client.request(Operation::Rename, from.length(), to.length()));
}

VfsResult<void> truncate(Client& client, StringView path, uint64_t size) {
    File file = TRY(File::open(client, path, open_flags::kWrite));
    TRY(file.truncate(size));
    return file.close();
}

VfsResult<void> sync(Client& client) { return status_only(client.request(Operation::Sync)); }

VfsResult<ServerStatus> server_status(Client& client) {
    auto answer = client.request(Operation::ServerStatus);
    TRY(status_only(answer));
    return ServerStatus{answer.words[0], answer.words[1]};
}

} // namespace mica::vfs
