#pragma once
// The filesystem service's client library (protocol: mica/protocol/vfs.h; service: user/fs/vfs).
//
//   vfs::Client& fs = *TRY(vfs::default_client());        // the startup Filesystem endpoint
//   vfs::File file = TRY(vfs::File::open(fs, "/tmp/notes", kWrite | kCreate));
//   TRY(file.write(Bytes(text, length)));                 // at the position, which advances
//   vfs::Directory listing = TRY(vfs::Directory::open(fs, "/boot"));
//   vfs::Entry entry;
//   while (TRY(listing.next(entry))) println("{}", entry.name());
//
// A Client is one session: its own shared buffer and open files. It is for one thread at a time
// (another thread connects a Client of its own) and must not move while Files or Directories
// of it are open. Reads and writes larger than the shared buffer are split into several
// requests: each is all-or-nothing, the whole is not.

#include <abi/ipc_buffer.h>
#include <lib/span.h>
#include <lib/string_view.h>
#include <mica/handle.h>
#include <mica/vfs_result.h>

namespace mica::vfs {

using protocol::NodeType;
using protocol::StatRecord;
using protocol::TimeBase;
namespace open_flags = protocol::open_flags;

class Client {
public:
    // Opens a session on the service endpoint `service` (borrowed; needs write). `ipc` is the
    // calling thread's IPC buffer, used for the handles Connect moves.
    static VfsResult<Client> connect(abi::Handle service, abi::IpcBuffer& ipc);

    Client(Client&& other);
    Client& operator=(Client&&) = delete;
    Client(const Client&) = delete;
    ~Client(); // disconnects

    struct Answer {
        Status status;
        uint64_t words[2];
    };
    // One request (protocol::Operation) with its three words; ServiceGone if the call failed.
    Answer request(protocol::Operation operation, uint64_t word0 = 0, uint64_t word1 = 0,
                   uint64_t word2 = 0);
    // Puts a path into the shared buffer at `offset`; NameTooLong if it cannot be sent.
    VfsResult<void> put_path(uint64_t offset, StringView path);
    uint8_t* buffer() const { return m_buffer; }

private:
    Client(OwnedHandle session, OwnedHandle lifeline, uint8_t* buffer)
        : m_session(move(session)), m_lifeline(move(lifeline)), m_buffer(buffer) {}

    OwnedHandle m_session;  // badged: names this session to the service
    OwnedHandle m_lifeline; // our receive handle; the service sees peer_closed when it goes
    uint8_t* m_buffer = nullptr;
};

// This process's session on its startup Filesystem endpoint, over the first thread's IPC
// buffer; connected on first use. NotConnected if the process was given no such endpoint.
VfsResult<Client*> default_client();

class File {
public:
    // `flags`: open_flags (kRead, kWrite, kCreate, kTruncate, kExclusive).
    static VfsResult<File> open(Client& client, StringView path, uint64_t flags);

    File(File&& other);
    File& operator=(File&&) = delete;
    File(const File&) = delete;
    ~File(); // closes

    // From / at the position, which advances by what was done. A read is short only at the end.
    VfsResult<size_t> read(Span<uint8_t> buffer);
    VfsResult<size_t> write(Bytes data);
    VfsResult<size_t> read_at(uint64_t offset, Span<uint8_t> buffer);
    VfsResult<size_t> write_at(uint64_t offset, Bytes data);

    enum class Whence { Start, Current, End };
    VfsResult<uint64_t> seek(int64_t offset, Whence whence = Whence::Start);
    uint64_t position() const { return m_position; }

    VfsResult<StatRecord> stat();
    VfsResult<void> truncate(uint64_t size);
    VfsResult<void> close();
    uint64_t id() const { return m_id; }

private:
    File(Client& client, uint64_t id) : m_client(&client), m_id(id) {}

    Client* m_client = nullptr; // nullptr: closed
    uint64_t m_id = 0;
    uint64_t m_position = 0;
};

struct Entry {
    char name_bytes[protocol::kMaxNameBytes];
    size_t name_length = 0;
    NodeType type = NodeType::File;
    uint64_t size = 0;

    StringView name() const { return StringView(name_bytes, name_length); }
};

class Directory {
public:
    static VfsResult<Directory> open(Client& client, StringView path);

    Directory(Directory&& other);
    Directory& operator=(Directory&&) = delete;
    Directory(const Directory&) = delete;
    ~Directory();

    // The next entry, or false after the last.
    VfsResult<bool> next(Entry& out);

    static constexpr size_t kBatchBytes = 4096; // one request lists at most this much

private:
    Directory(Client& client, uint64_t id, uint8_t* batch)
        : m_client(&client), m_id(id), m_batch(batch) {}

    Client* m_client = nullptr;
    uint64_t m_id = 0;
    uint8_t* m_batch = nullptr; // kBatchBytes from the heap: a copy of the last reply
    uint64_t m_cookie = 0;      // where the next request starts
    uint64_t m_batch_count = 0; // entries in m_batch
    uint64_t m_batch_used = 0;  // entries of it handed out
    uint64_t m_batch_offset = 0;
    bool m_done = false;
};

VfsResult<StatRecord> stat(Client& client, StringView path);
VfsResult<void> make_directory(Client& client, StringView path);
VfsResult<void> unlink(Client& client, StringView path);
VfsResult<void> rename(Client& client, StringView from, StringView to);
VfsResult<void> truncate(Client& client, StringView path, uint64_t size);
VfsResult<void> sync(Client& client);

struct ServerStatus {
    uint64_t sessions;
    uint64_t open_files;
};
VfsResult<ServerStatus> server_status(Client& client);

// Calls visit(const Entry&) for each entry of the directory at `path`.
template <typename Visit>
VfsResult<void> read_directory(Client& client, StringView path, Visit visit) {
    Directory directory = TRY(Directory::open(client, path));
    Entry entry;
    while (TRY(directory.next(entry)))
        visit(static_cast<const Entry&>(entry));
    return {};
}

} // namespace mica::vfs
