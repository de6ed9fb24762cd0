// The filesystem service (user/fs/vfs) through libmica's client (mica/vfs.h): every operation
// and every error the protocol names, /boot against the boot archive, /tmp's limit, two clients
// at once, and clients that die with files open. Most cases use the service init started for
// the suite (the Filesystem startup handle) and names of their own under /tmp; the cases that
// count sessions or fill /tmp start a service of their own.

#include <framework/test.h>
#include <mica/boot_archive.h>
#include <mica/startup.h>
#include <mica/vfs.h>
#include <string.h>
#include <support/support.h>

using namespace mica;
using namespace mica::test;
using vfs::Client;
using vfs::File;
using vfs::VfsResult;
using VfsStatus = vfs::Status;
using namespace vfs::open_flags;

namespace mica::vfs::protocol {
void format_value(FormatSink& sink, Status status) { format(sink, "{}", status_name(status)); }
} // namespace mica::vfs::protocol

namespace {

#define EXPECT_VFS(expression, expected) EXPECT_EQ((expression).status(), (expected))
#define ASSERT_VFS_OK(expression) ASSERT_EQ((expression).status(), VfsStatus::Ok)

abi::Handle system_service() { return startup_handle(abi::StartupRole::Filesystem); }

VfsResult<Client> connect(abi::Handle service) { return Client::connect(service, ipc_buffer()); }

Bytes bytes_of(StringView text) {
    return Bytes(reinterpret_cast<const uint8_t*>(text.data()), text.length());
}

const BootArchive* archive() {
    static bool opened = false;
    alignas(BootArchive) static uint8_t storage[sizeof(BootArchive)];
    static BootArchive* archive = nullptr;
    if (!opened) {
        opened = true;
        auto result = BootArchive::open();
        if (result.is_ok())
            archive = new (storage) BootArchive(result.release_value());
    }
    return archive;
}

// A program from the boot archive with `grants`.
SysResult<OwnedHandle> start(StringView program, Span<const StringView> arguments,
                             Span<StartupGrant> grants, uint64_t archive_size = 0) {
    if (!archive())
        return SysError{Status::NotFound, "boot archive"};
    Bytes file = TRY(archive()->file(program));
    SpawnOptions options;
    options.boot_archive_size = archive_size;
    return spawn(program, file, grants, arguments, options);
}

// A filesystem service of the case's own, killed when the case ends.
struct OwnService {
    OwnedHandle process;
    OwnedHandle endpoint; // unbadged: write, duplicate, transfer
    ~OwnService() {
        if (process) {
            (void)sys::process_kill(process.get());
            (void)wait_for_exit(process.get());
        }
    }
};

bool start_service(OwnService& service, StringView tmp_limit = {}) {
    OwnedHandle endpoint = make_endpoint();
    if (!endpoint)
        return false;
    auto client = endpoint.duplicate(Rights::Write | Rights::Duplicate | Rights::Transfer);
    auto archive_handle = duplicate(startup_handle(abi::StartupRole::BootArchive),
                                    Rights::Read | Rights::Map | Rights::Transfer);
    if (client.is_error() || !archive_handle ||
        endpoint
            .restrict_rights(Rights::Read | Rights::Write | Rights::Duplicate | Rights::Transfer)
            .is_error())
        return false;
    StartupGrant grants[] = {{abi::StartupRole::Filesystem, move(endpoint)},
                             {abi::StartupRole::BootArchive, move(archive_handle)}};
    StringView arguments[] = {"--tmp-limit", tmp_limit};
    auto process = start("vfs", Span<const StringView>(arguments, tmp_limit.is_empty() ? 0 : 2),
                         Span<StartupGrant>(grants, 2), boot_archive_size());
    if (process.is_error()) {
        println("tests: cannot start vfs: {}", process.error());
        return false;
    }
    service.process = process.release_value();
    service.endpoint = client.release_value();
    return true;
}

VfsResult<File> create(Client& client, StringView path, StringView contents) {
    File file = TRY(File::open(client, path, kRead | kWrite | kCreate | kTruncate));
    TRY(file.write(bytes_of(contents)));
    TRY(file.seek(0));
    return file;
}

// The whole file as text, up to 256 bytes.
struct Text {
    char bytes[256];
    size_t length = 0;
    StringView view() const { return StringView(bytes, length); }
};
Text read_all(Client& client, StringView path) {
    Text text;
    auto file = File::open(client, path, kRead);
    if (file.is_ok()) {
        auto got = file.value().read(Span<uint8_t>(reinterpret_cast<uint8_t*>(text.bytes), 256));
        if (got.is_ok())
            text.length = got.value();
    }
    return text;
}

bool lists(Client& client, StringView directory, StringView name) {
    bool found = false;
    auto listed = vfs::read_directory(
        client, directory, [&](const vfs::Entry& entry) { found = found || entry.name() == name; });
    return listed.is_ok() && found;
}

} // namespace

TEST(vfs_init_starts_the_service) {
    ASSERT_NE(system_service(), kInvalidHandle);
    auto client = connect(system_service());
    ASSERT_VFS_OK(client);
    auto root = vfs::stat(client.value(), "/");
    ASSERT_VFS_OK(root);
    EXPECT_EQ(uint32_t(root.value().type), uint32_t(vfs::NodeType::Directory));
    EXPECT_TRUE(lists(client.value(), "/", "boot"));
    EXPECT_TRUE(lists(client.value(), "/", "tmp"));
}

TEST(vfs_boot_files_match_the_archive) {
    auto client = connect(system_service());
    ASSERT_VFS_OK(client);
    ASSERT_TRUE(archive());
    auto expected = archive()->file("test_helper");
    ASSERT_OK(expected);
    auto file = File::open(client.value(), "/boot/test_helper", kRead);
    ASSERT_VFS_OK(file);
    auto stat = file.value().stat();
    ASSERT_VFS_OK(stat);
    EXPECT_EQ(stat.value().size, expected.value().size());
    EXPECT_EQ(uint32_t(stat.value().time_base), uint32_t(vfs::TimeBase::UnixEpoch));
    EXPECT_EQ(stat.value().mode & 0222u, 0u); // nothing in /boot is writable
    // Read in odd pieces, so requests straddle each other and the end.
    size_t size = expected.value().size();
    auto* copy = new uint8_t[size + 1];
    size_t done = 0;
    while (done < size + 1) {
        auto got = file.value().read(
            Span<uint8_t>(copy + done, 7777 < size + 1 - done ? 7777 : size + 1 - done));
        ASSERT_VFS_OK(got);
        if (got.value() == 0)
            break;
        done += got.value();
    }
    EXPECT_EQ(done, size);
    EXPECT_EQ(memcmp(copy, expected.value().data(), size), 0);
    delete[] copy;
    EXPECT_TRUE(lists(client.value(), "/boot", "vfs"));
    EXPECT_TRUE(lists(client.value(), "/boot", "tests"));
}

TEST(vfs_boot_is_read_only) {
    auto client = connect(system_service());
    ASSERT_VFS_OK(client);
    Client& fs = client.value();
    EXPECT_VFS(File::open(fs, "/boot/hello", kWrite), VfsStatus::ReadOnly);
    EXPECT_VFS(File::open(fs, "/boot/new", kWrite | kCreate), VfsStatus::ReadOnly);
    EXPECT_VFS(File::open(fs, "/boot/hello", kRead | kWrite | kTruncate), VfsStatus::ReadOnly);
    EXPECT_VFS(vfs::make_directory(fs, "/boot/dir"), VfsStatus::ReadOnly);
    EXPECT_VFS(vfs::unlink(fs, "/boot/hello"), VfsStatus::ReadOnly);
    EXPECT_VFS(vfs::rename(fs, "/boot/hello", "/boot/bye"), VfsStatus::ReadOnly);
    EXPECT_VFS(vfs::truncate(fs, "/boot/hello", 0), VfsStatus::ReadOnly);
    // Still there, still readable.
    EXPECT_VFS(File::open(fs, "/boot/hello", kRead), VfsStatus::Ok);
    // The root holds only the mounts.
    EXPECT_VFS(vfs::make_directory(fs, "/new"), VfsStatus::ReadOnly);
    EXPECT_VFS(File::open(fs, "/nothing", kRead), VfsStatus::NotFound);
    EXPECT_VFS(vfs::unlink(fs, "/tmp"), VfsStatus::Busy);
    EXPECT_VFS(vfs::make_directory(fs, "/tmp"), VfsStatus::Exists);
    EXPECT_VFS(vfs::rename(fs, "/tmp", "/tmp2"), VfsStatus::Busy);
}

TEST(vfs_tmp_write_seek_read_stat_truncate) {
    auto client = connect(system_service());
    ASSERT_VFS_OK(client);
    Client& fs = client.value();
    auto file = create(fs, "/tmp/rw.txt", "hello, world");
    ASSERT_VFS_OK(file);
    File& f = file.value();
    char buffer[32] = {};
    auto got = f.read(Span<uint8_t>(reinterpret_cast<uint8_t*>(buffer), 5));
    ASSERT_VFS_OK(got);
    EXPECT_EQ(got.value(), 5u);
    EXPECT_TRUE(StringView(buffer, 5) == "hello");
    EXPECT_EQ(f.position(), 5u);
    ASSERT_VFS_OK(f.seek(-5, File::Whence::End));
    ASSERT_VFS_OK(f.write(bytes_of("WORLD!")));
    EXPECT_TRUE(read_all(fs, "/tmp/rw.txt").view() == "hello, WORLD!");
    EXPECT_VFS(f.seek(-100, File::Whence::Current), VfsStatus::InvalidArgument);

    auto stat = f.stat();
    ASSERT_VFS_OK(stat);
    EXPECT_EQ(stat.value().size, 13u);
    EXPECT_EQ(uint32_t(stat.value().type), uint32_t(vfs::NodeType::File));
    EXPECT_EQ(stat.value().mode, 0644u);
    EXPECT_EQ(uint32_t(stat.value().time_base), uint32_t(vfs::TimeBase::SinceBoot));
    EXPECT_GE(stat.value().modified_ns, stat.value().created_ns);

    // Shrinking cuts; growing and writing past the end fill with zeros.
    ASSERT_VFS_OK(f.truncate(5));
    EXPECT_TRUE(read_all(fs, "/tmp/rw.txt").view() == "hello");
    ASSERT_VFS_OK(vfs::truncate(fs, "/tmp/rw.txt", 7));
    ASSERT_VFS_OK(f.write_at(9, bytes_of("!")));
    Text text = read_all(fs, "/tmp/rw.txt");
    EXPECT_EQ(text.length, 10u);
    EXPECT_EQ(memcmp(text.bytes, "hello\0\0\0\0!", 10), 0);
    // Reading at or past the end gives nothing.
    EXPECT_EQ(f.read_at(10, Span<uint8_t>(reinterpret_cast<uint8_t*>(buffer), 4)).value(), 0u);
    EXPECT_VFS(vfs::sync(fs), VfsStatus::Ok);
    ASSERT_VFS_OK(f.close());
    EXPECT_VFS(f.read(Span<uint8_t>(reinterpret_cast<uint8_t*>(buffer), 1)), VfsStatus::BadFile);
    ASSERT_VFS_OK(vfs::unlink(fs, "/tmp/rw.txt"));
}

TEST(vfs_open_flags_and_access) {
    auto client = connect(system_service());
    ASSERT_VFS_OK(client);
    Client& fs = client.value();
    EXPECT_VFS(File::open(fs, "/tmp/flags", kRead), VfsStatus::NotFound);
    ASSERT_VFS_OK(create(fs, "/tmp/flags", "abc"));
    EXPECT_VFS(File::open(fs, "/tmp/flags", kWrite | kCreate | kExclusive), VfsStatus::Exists);
    EXPECT_VFS(File::open(fs, "/tmp/flags", 0), VfsStatus::InvalidArgument);
    EXPECT_VFS(File::open(fs, "/tmp/flags", kRead | kExclusive), VfsStatus::InvalidArgument);
    EXPECT_VFS(File::open(fs, "/tmp/flags", kRead | kTruncate), VfsStatus::InvalidArgument);
    EXPECT_VFS(File::open(fs, "/tmp/flags", kRead | (1u << 20)), VfsStatus::InvalidArgument);
    EXPECT_VFS(File::open(fs, "/tmp", kDirectory | kRead), VfsStatus::InvalidArgument);

    uint8_t byte = 0;
    auto reader = File::open(fs, "/tmp/flags", kRead);
    ASSERT_VFS_OK(reader);
    EXPECT_VFS(reader.value().write(Bytes(&byte, 1)), VfsStatus::AccessDenied);
    EXPECT_VFS(reader.value().truncate(0), VfsStatus::AccessDenied);
    auto writer = File::open(fs, "/tmp/flags", kWrite);
    ASSERT_VFS_OK(writer);
    EXPECT_VFS(writer.value().read(Span<uint8_t>(&byte, 1)), VfsStatus::AccessDenied);

    // Truncate on open empties the file.
    ASSERT_VFS_OK(File::open(fs, "/tmp/flags", kWrite | kTruncate));
    auto stat = vfs::stat(fs, "/tmp/flags");
    ASSERT_VFS_OK(stat);
    EXPECT_EQ(stat.value().size, 0u);
    ASSERT_VFS_OK(vfs::unlink(fs, "/tmp/flags"));
}

TEST(vfs_directories) {
    auto client = connect(system_service());
    ASSERT_VFS_OK(client);
    Client& fs = client.value();
    ASSERT_VFS_OK(vfs::make_directory(fs, "/tmp/dir"));
    EXPECT_VFS(vfs::make_directory(fs, "/tmp/dir"), VfsStatus::Exists);
    EXPECT_VFS(vfs::make_directory(fs, "/tmp/missing/dir"), VfsStatus::NotFound);
    ASSERT_VFS_OK(create(fs, "/tmp/dir/a", "1"));
    ASSERT_VFS_OK(create(fs, "/tmp/dir/b", "22"));
    ASSERT_VFS_OK(vfs::make_directory(fs, "/tmp/dir/sub"));

    int count = 0;
    uint64_t b_size = 0;
    bool sub_is_directory = false;
    ASSERT_VFS_OK(vfs::read_directory(fs, "/tmp/dir", [&](const vfs::Entry& entry) {
        ++count;
        if (entry.name() == "b")
            b_size = entry.size;
        if (entry.name() == "sub")
            sub_is_directory = entry.type == vfs::NodeType::Directory;
    }));
    EXPECT_EQ(count, 3);
    EXPECT_EQ(b_size, 2u);
    EXPECT_TRUE(sub_is_directory);

    EXPECT_VFS(File::open(fs, "/tmp/dir", kRead), VfsStatus::IsDirectory);
    EXPECT_VFS(vfs::Directory::open(fs, "/tmp/dir/a"), VfsStatus::NotDirectory);
    EXPECT_VFS(File::open(fs, "/tmp/dir/a/x", kRead), VfsStatus::NotDirectory);
    EXPECT_VFS(vfs::make_directory(fs, "/tmp/dir/a/x"), VfsStatus::NotDirectory);
    EXPECT_VFS(vfs::unlink(fs, "/tmp/dir"), VfsStatus::NotEmpty);
    EXPECT_VFS(vfs::unlink(fs, "/tmp/dir/nothing"), VfsStatus::NotFound);

    ASSERT_VFS_OK(vfs::unlink(fs, "/tmp/dir/a"));
    ASSERT_VFS_OK(vfs::unlink(fs, "/tmp/dir/b"));
    ASSERT_VFS_OK(vfs::unlink(fs, "/tmp/dir/sub"));
    ASSERT_VFS_OK(vfs::unlink(fs, "/tmp/dir"));
    EXPECT_VFS(vfs::stat(fs, "/tmp/dir"), VfsStatus::NotFound);
}

TEST(vfs_directory_listing_spans_several_batches) {
    auto client = connect(system_service());
    ASSERT_VFS_OK(client);
    Client& fs = client.value();
    ASSERT_VFS_OK(vfs::make_directory(fs, "/tmp/many"));
    // 40 names of 200 bytes: more than one Directory::kBatchBytes reply.
    char name[260];
    constexpr int kCount = 40;
    for (int i = 0; i < kCount; ++i) {
        StringView path = format_to_buffer(name, sizeof name, "/tmp/many/{:0200}", i);
        ASSERT_VFS_OK(File::open(fs, path, kWrite | kCreate | kExclusive));
    }
    int seen = 0;
    ASSERT_VFS_OK(vfs::read_directory(
        fs, "/tmp/many", [&](const vfs::Entry& entry) { seen += entry.name().length() == 200; }));
    EXPECT_EQ(seen, kCount);
    for (int i = 0; i < kCount; ++i)
        ASSERT_VFS_OK(vfs::unlink(fs, format_to_buffer(name, sizeof name, "/tmp/many/{:0200}", i)));
    ASSERT_VFS_OK(vfs::unlink(fs, "/tmp/many"));
}

TEST(vfs_rename) {
    auto client = connect(system_service());
    ASSERT_VFS_OK(client);
    Client& fs = client.value();
    ASSERT_VFS_OK(create(fs, "/tmp/r1", "one"));
    ASSERT_VFS_OK(create(fs, "/tmp/r2", "two"));
    ASSERT_VFS_OK(vfs::make_directory(fs, "/tmp/rd"));
    ASSERT_VFS_OK(vfs::make_directory(fs, "/tmp/rd/inner"));

    ASSERT_VFS_OK(vfs::rename(fs, "/tmp/r1", "/tmp/rd/moved"));
    EXPECT_VFS(vfs::stat(fs, "/tmp/r1"), VfsStatus::NotFound);
    EXPECT_TRUE(read_all(fs, "/tmp/rd/moved").view() == "one");
    // A file replaces a file.
    ASSERT_VFS_OK(vfs::rename(fs, "/tmp/r2", "/tmp/rd/moved"));
    EXPECT_TRUE(read_all(fs, "/tmp/rd/moved").view() == "two");
    EXPECT_VFS(vfs::rename(fs, "/tmp/rd/moved", "/tmp/rd/moved"), VfsStatus::Ok);
    EXPECT_VFS(vfs::rename(fs, "/tmp/rd/moved", "/tmp/rd/inner"), VfsStatus::IsDirectory);
    EXPECT_VFS(vfs::rename(fs, "/tmp/rd/inner", "/tmp/rd/moved"), VfsStatus::NotDirectory);
    EXPECT_VFS(vfs::rename(fs, "/tmp/rd", "/tmp/rd/inner/below"), VfsStatus::InvalidArgument);
    EXPECT_VFS(vfs::rename(fs, "/tmp/nothing", "/tmp/x"), VfsStatus::NotFound);
    EXPECT_VFS(vfs::rename(fs, "/tmp/rd/moved", "/boot/moved"), VfsStatus::CrossMount);
    ASSERT_VFS_OK(vfs::make_directory(fs, "/tmp/rd2"));
    ASSERT_VFS_OK(vfs::make_directory(fs, "/tmp/rd2/full"));
    EXPECT_VFS(vfs::rename(fs, "/tmp/rd/inner", "/tmp/rd2"), VfsStatus::NotEmpty);
    // A directory replaces an empty directory, taking its contents along.
    ASSERT_VFS_OK(vfs::rename(fs, "/tmp/rd", "/tmp/rd2/full"));
    EXPECT_TRUE(read_all(fs, "/tmp/rd2/full/moved").view() == "two");
    ASSERT_VFS_OK(vfs::unlink(fs, "/tmp/rd2/full/moved"));
    ASSERT_VFS_OK(vfs::unlink(fs, "/tmp/rd2/full/inner"));
    ASSERT_VFS_OK(vfs::unlink(fs, "/tmp/rd2/full"));
    ASSERT_VFS_OK(vfs::unlink(fs, "/tmp/rd2"));
}

TEST(vfs_path_rules) {
    auto client = connect(system_service());
    ASSERT_VFS_OK(client);
    Client& fs = client.value();
    EXPECT_VFS(vfs::stat(fs, "tmp"), VfsStatus::BadPath);
    EXPECT_VFS(vfs::stat(fs, ""), VfsStatus::BadPath);
    EXPECT_VFS(vfs::stat(fs, StringView("/tmp/a\0b", 8)), VfsStatus::BadPath);
    EXPECT_VFS(vfs::stat(fs, "/tmp/\xc3"), VfsStatus::BadPath);
    char name[300];
    memset(name, 'n', sizeof name);
    name[0] = '/';
    EXPECT_VFS(vfs::stat(fs, StringView(name, 257)), VfsStatus::NameTooLong); // a 256-byte name
    EXPECT_VFS(vfs::stat(fs, StringView(name, 256)), VfsStatus::NotFound);
    char* long_path = new char[2000];
    memset(long_path, '/', 2000);
    EXPECT_VFS(vfs::stat(fs, StringView(long_path, 2000)), VfsStatus::NameTooLong);
    delete[] long_path;
    // ".." stops at the root.
    ASSERT_VFS_OK(create(fs, "/tmp/dots", "x"));
    EXPECT_VFS(vfs::stat(fs, "/../../tmp/./dots"), VfsStatus::Ok);
    EXPECT_VFS(vfs::stat(fs, "/tmp/../tmp//dots/"), VfsStatus::Ok);
    EXPECT_VFS(File::open(fs, "/boot/../tmp/dots", kRead | kWrite), VfsStatus::Ok);
    ASSERT_VFS_OK(vfs::unlink(fs, "/tmp/dots"));
}

TEST(vfs_too_many_open_files) {
    auto client = connect(system_service());
    ASSERT_VFS_OK(client);
    Client& fs = client.value();
    ASSERT_VFS_OK(create(fs, "/tmp/many-opens", "x"));
    File* files[vfs::protocol::kMaxOpenFilesPerSession] = {};
    for (auto& file : files) {
        auto opened = File::open(fs, "/tmp/many-opens", kRead);
        ASSERT_VFS_OK(opened);
        file = new File(opened.release_value());
    }
    EXPECT_VFS(File::open(fs, "/tmp/many-opens", kRead), VfsStatus::TooManyOpenFiles);
    // Another session has its own table.
    auto other = connect(system_service());
    ASSERT_VFS_OK(other);
    EXPECT_VFS(File::open(other.value(), "/tmp/many-opens", kRead), VfsStatus::Ok);
    delete files[3];
    files[3] = nullptr;
    EXPECT_VFS(File::open(fs, "/tmp/many-opens", kRead), VfsStatus::Ok);
    for (File* file : files)
        delete file;
    ASSERT_VFS_OK(vfs::unlink(fs, "/tmp/many-opens"));
}

TEST(vfs_big_file_crosses_the_shared_buffer) {
    auto client = connect(system_service());
    ASSERT_VFS_OK(client);
    Client& fs = client.value();
    constexpr size_t kSize = 3 * vfs::protocol::kSharedBufferSize + 12345;
    auto* data = new uint8_t[kSize];
    auto* back = new uint8_t[kSize];
    Random random(7);
    for (size_t i = 0; i < kSize; ++i)
        data[i] = uint8_t(random.next());
    auto file = File::open(fs, "/tmp/big", kRead | kWrite | kCreate | kTruncate);
    ASSERT_VFS_OK(file);
    auto written = file.value().write(Bytes(data, kSize));
    ASSERT_VFS_OK(written);
    EXPECT_EQ(written.value(), kSize);
    memset(back, 0, kSize);
    auto got = file.value().read_at(0, Span<uint8_t>(back, kSize));
    ASSERT_VFS_OK(got);
    EXPECT_EQ(got.value(), kSize);
    EXPECT_EQ(memcmp(data, back, kSize), 0);
    // A piece straddling two buffer-sized requests.
    auto piece =
        file.value().read_at(vfs::protocol::kSharedBufferSize - 100, Span<uint8_t>(back, 200));
    ASSERT_VFS_OK(piece);
    EXPECT_EQ(memcmp(back, data + vfs::protocol::kSharedBufferSize - 100, 200), 0);
    delete[] data;
    delete[] back;
    ASSERT_VFS_OK(vfs::unlink(fs, "/tmp/big"));
}

TEST(vfs_unlinked_open_file_lives_until_closed) {
    auto client = connect(system_service());
    ASSERT_VFS_OK(client);
    Client& fs = client.value();
    auto file = create(fs, "/tmp/ghost", "still here");
    ASSERT_VFS_OK(file);
    ASSERT_VFS_OK(vfs::unlink(fs, "/tmp/ghost"));
    EXPECT_VFS(vfs::stat(fs, "/tmp/ghost"), VfsStatus::NotFound);
    char buffer[16];
    auto got = file.value().read(Span<uint8_t>(reinterpret_cast<uint8_t*>(buffer), 16));
    ASSERT_VFS_OK(got);
    EXPECT_TRUE(StringView(buffer, got.value()) == "still here");
    // A new file of the same name is another file.
    ASSERT_VFS_OK(create(fs, "/tmp/ghost", "new"));
    EXPECT_TRUE(read_all(fs, "/tmp/ghost").view() == "new");
    ASSERT_VFS_OK(vfs::unlink(fs, "/tmp/ghost"));
}

TEST(vfs_two_clients_share_the_tree) {
    OwnService service;
    ASSERT_TRUE(start_service(service));
    auto first = connect(service.endpoint.get());
    auto second = connect(service.endpoint.get());
    ASSERT_VFS_OK(first);
    ASSERT_VFS_OK(second);
    auto status = vfs::server_status(first.value());
    ASSERT_VFS_OK(status);
    EXPECT_EQ(status.value().sessions, 2u);
    auto writer = create(first.value(), "/tmp/shared", "from the first");
    ASSERT_VFS_OK(writer);
    EXPECT_TRUE(read_all(second.value(), "/tmp/shared").view() == "from the first");
    // The file ids are per session: the second client cannot use the first one's.
    EXPECT_EQ(second.value().request(vfs::protocol::Operation::Close, writer.value().id()).status,
              VfsStatus::BadFile);
    ASSERT_VFS_OK(writer.value().write_at(0, bytes_of("FROM")));
    EXPECT_TRUE(read_all(second.value(), "/tmp/shared").view() == "FROM the first");
}

TEST(vfs_connect_rules) {
    OwnService service;
    ASSERT_TRUE(start_service(service));
    // Without a session only Connect (and ServerStatus) is served.
    uint64_t info = 0, words[3] = {};
    ASSERT_OK(sys::endpoint_call(
        service.endpoint.get(), abi::ipc_info(uint32_t(vfs::protocol::Operation::StatPath), 0, 0),
        deadline_in(10 * kSecond), 0, 0, 0, &info, &words[0], &words[1], &words[2]));
    EXPECT_EQ(VfsStatus(words[0]), VfsStatus::NotConnected);
    // A Connect without its two handles is refused.
    ASSERT_OK(sys::endpoint_call(
        service.endpoint.get(), abi::ipc_info(uint32_t(vfs::protocol::Operation::Connect), 0, 0),
        deadline_in(10 * kSecond), 0, 0, 0, &info, &words[0], &words[1], &words[2]));
    EXPECT_EQ(VfsStatus(words[0]), VfsStatus::InvalidArgument);
    // A buffer too small to map is refused.
    OwnedHandle small = make_memory(4096);
    OwnedHandle lifeline = make_endpoint();
    ASSERT_TRUE(small && lifeline);
    ipc_buffer().handles[0] =
        duplicate(small.get(), Rights::Read | Rights::Write | Rights::Map | Rights::Transfer)
            .release();
    ipc_buffer().handles[1] = duplicate(lifeline.get(), Rights::Wait | Rights::Transfer).release();
    ASSERT_OK(sys::endpoint_call(
        service.endpoint.get(), abi::ipc_info(uint32_t(vfs::protocol::Operation::Connect), 0, 2),
        deadline_in(10 * kSecond), 0, 0, 0, &info, &words[0], &words[1], &words[2]));
    EXPECT_EQ(VfsStatus(words[0]), VfsStatus::InvalidArgument);
    EXPECT_EQ(abi::ipc_info_handles(info), 0u);
    // A proper client still gets in.
    auto client = connect(service.endpoint.get());
    ASSERT_VFS_OK(client);
    auto status = vfs::server_status(client.value());
    ASSERT_VFS_OK(status);
    EXPECT_EQ(status.value().sessions, 1u);
}

TEST(vfs_tmp_full_gives_no_space_and_writes_nothing) {
    OwnService service;
    ASSERT_TRUE(start_service(service, "64K"));
    auto client = connect(service.endpoint.get());
    ASSERT_VFS_OK(client);
    Client& fs = client.value();
    auto* data = new uint8_t[16 * 1024];
    memset(data, 0xab, 16 * 1024);
    auto big = File::open(fs, "/tmp/big", kRead | kWrite | kCreate);
    ASSERT_VFS_OK(big);
    for (int i = 0; i < 3; ++i)
        ASSERT_VFS_OK(big.value().write(Bytes(data, 16 * 1024)));
    // 48 KiB used: 16 more fit, 16 + 1 do not.
    auto other = File::open(fs, "/tmp/other", kRead | kWrite | kCreate);
    ASSERT_VFS_OK(other);
    EXPECT_VFS(other.value().write(Bytes(data, 16 * 1024 + 1)), VfsStatus::NoSpace);
    auto stat = other.value().stat();
    ASSERT_VFS_OK(stat);
    EXPECT_EQ(stat.value().size, 0u); // nothing half-written
    EXPECT_VFS(big.value().truncate(100 * 1024), VfsStatus::NoSpace);
    EXPECT_EQ(big.value().stat().value().size, 48u * 1024);
    ASSERT_VFS_OK(other.value().write(Bytes(data, 16 * 1024)));
    EXPECT_VFS(other.value().write_at(16 * 1024, Bytes(data, 1)), VfsStatus::NoSpace);
    EXPECT_EQ(other.value().stat().value().size, 16u * 1024);
    // Space comes back with the file.
    ASSERT_VFS_OK(big.value().close());
    ASSERT_VFS_OK(vfs::unlink(fs, "/tmp/big"));
    EXPECT_VFS(other.value().write_at(16 * 1024, Bytes(data, 16 * 1024)), VfsStatus::Ok);
    delete[] data;
}

TEST(vfs_client_that_exits_releases_its_files) {
    OwnService service;
    ASSERT_TRUE(start_service(service));
    auto client = connect(service.endpoint.get());
    ASSERT_VFS_OK(client);
    StartupGrant grants[] = {{abi::StartupRole::Filesystem,
                              duplicate(service.endpoint.get(), Rights::Write | Rights::Transfer)}};
    StringView arguments[] = {"exit", "3"};
    auto probe =
        start("vfs_probe", Span<const StringView>(arguments, 2), Span<StartupGrant>(grants, 1));
    ASSERT_OK(probe);
    EXPECT_EQ(wait_for_exit(probe.value().get()), 0);
    // The files it made are there; its session and its open files are not.
    EXPECT_VFS(vfs::stat(client.value(), "/tmp/probe-exit-2"), VfsStatus::Ok);
    auto status = vfs::server_status(client.value());
    ASSERT_VFS_OK(status);
    EXPECT_EQ(status.value().sessions, 1u);
    EXPECT_EQ(status.value().open_files, 0u);
}

TEST(vfs_client_killed_with_files_open_releases_them) {
    OwnService service;
    ASSERT_TRUE(start_service(service));
    auto client = connect(service.endpoint.get());
    ASSERT_VFS_OK(client);
    OwnedHandle bootstrap = make_endpoint();
    ASSERT_TRUE(bootstrap);
    StartupGrant grants[] = {
        {abi::StartupRole::Filesystem,
         duplicate(service.endpoint.get(), Rights::Write | Rights::Transfer)},
        {abi::StartupRole::Bootstrap, duplicate(bootstrap.get(), Rights::Write | Rights::Transfer)},
    };
    StringView arguments[] = {"hang", "4"};
    auto probe =
        start("vfs_probe", Span<const StringView>(arguments, 2), Span<StartupGrant>(grants, 2));
    ASSERT_OK(probe);
    // The probe calls when its files are open, and then waits for an answer that never comes.
    uint64_t info = 0, badge = 0, words[3] = {};
    ASSERT_OK(sys::endpoint_reply_and_wait(bootstrap.get(), 0, deadline_in(10 * kSecond), 0, 0, 0,
                                           &info, &badge, &words[0], &words[1], &words[2]));
    EXPECT_EQ(words[0], 4u);
    auto before = vfs::server_status(client.value());
    ASSERT_VFS_OK(before);
    EXPECT_EQ(before.value().sessions, 2u);
    EXPECT_EQ(before.value().open_files, 4u);
    ASSERT_OK(sys::process_kill(probe.value().get()));
    EXPECT_EQ(wait_for_exit(probe.value().get()), int64_t(abi::kExitKilled));
    auto after = vfs::server_status(client.value());
    ASSERT_VFS_OK(after);
    EXPECT_EQ(after.value().sessions, 1u);
    EXPECT_EQ(after.value().open_files, 0u);
}

TEST(vfs_service_death_gives_service_gone) {
    OwnService service;
    ASSERT_TRUE(start_service(service));
    auto client = connect(service.endpoint.get());
    ASSERT_VFS_OK(client);
    ASSERT_OK(sys::process_kill(service.process.get()));
    EXPECT_EQ(wait_for_exit(service.process.get()), int64_t(abi::kExitKilled));
    EXPECT_VFS(vfs::stat(client.value(), "/tmp"), VfsStatus::ServiceGone);
    EXPECT_VFS(connect(service.endpoint.get()), VfsStatus::ServiceGone);
}
