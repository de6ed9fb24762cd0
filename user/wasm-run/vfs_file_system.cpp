#include "vfs_file_system.h"

#include "vfs_errno.h"

#include <mica/heap.h>
#include <string.h>

namespace mica::wasm_run {

using wasm::wasi::DirectoryEntry;
using wasm::wasi::Errno;
using wasm::wasi::FileStat;
using wasm::wasi::FileType;
using wasm::wasi::OpenRequest;
namespace flags = vfs::open_flags;

namespace {

FileStat from_record(const vfs::StatRecord& record) {
    FileStat stat;
    stat.type =
        record.type == vfs::NodeType::Directory ? FileType::Directory : FileType::RegularFile;
    stat.size = record.size;
    // WASI's times count from the Unix epoch; a VFS time since boot (or none) is not one, and
    // 0 ("unknown") is more honest than a date in 1970 plus the uptime.
    if (record.time_base == vfs::TimeBase::UnixEpoch) {
        stat.modify_time = record.modified_ns;
        stat.change_time = record.modified_ns;
        stat.access_time = record.modified_ns;
    }
    return stat;
}

template <typename T>
Errno status_of(const vfs::VfsResult<T>& result) {
    return errno_from_vfs(result.status());
}

} // namespace

VfsFileSystem::~VfsFileSystem() {
    for (Slot& slot : m_slots) {
        if (slot.used)
            release(slot);
    }
}

vfs::Status VfsFileSystem::check_root() {
    auto record = vfs::stat(m_client, m_root);
    if (record.is_error())
        return record.error();
    return record.value().type == vfs::NodeType::Directory ? vfs::Status::Ok
                                                           : vfs::Status::NotDirectory;
}

bool VfsFileSystem::join(StringView relative, char (&out)[kPathBytes], size_t& length) const {
    bool separator = !relative.is_empty() && !m_root.ends_with("/");
    length = m_root.length() + (separator ? 1 : 0) + relative.length();
    if (length > kPathBytes)
        return false;
    memcpy(out, m_root.data(), m_root.length());
    if (separator)
        out[m_root.length()] = '/';
    memcpy(out + length - relative.length(), relative.data(), relative.length());
    return true;
}

VfsFileSystem::Slot* VfsFileSystem::find(Handle handle) {
    if (handle == 0 || handle > kMaxOpen || !m_slots[handle - 1].used)
        return nullptr;
    return &m_slots[handle - 1];
}

VfsFileSystem::Slot* VfsFileSystem::allocate(Handle& handle) {
    for (size_t i = 0; i < kMaxOpen; ++i) {
        if (!m_slots[i].used) {
            m_slots[i].used = true;
            handle = i + 1;
            return &m_slots[i];
        }
    }
    return nullptr;
}

void VfsFileSystem::release(Slot& slot) {
    delete slot.file; // closes it
    delete slot.listing;
    slot.file = nullptr;
    slot.listing = nullptr;
    slot.listed = 0;
    slot.path_length = 0;
    slot.used = false;
}

Errno VfsFileSystem::open(StringView path, const OpenRequest& request, Handle& handle) {
    Slot* slot = allocate(handle);
    if (!slot)
        return Errno::TooManyFiles;
    if (!join(path, slot->path, slot->path_length)) {
        release(*slot);
        return Errno::NameTooLong;
    }
    // A directory is kept as its path (listed when read); only files hold a VFS file open. A
    // read-only open without O_DIRECTORY may name either, so it looks first.
    bool may_be_directory = request.directory || (!request.write && !request.create);
    if (may_be_directory) {
        auto record = vfs::stat(m_client, slot->path_view());
        if (record.is_error() && !request.create) {
            release(*slot);
            return status_of(record);
        }
        bool is_directory = record.is_ok() && record.value().type == vfs::NodeType::Directory;
        if (is_directory)
            return Errno::Success;
        if (request.directory) {
            release(*slot);
            return Errno::NotDirectory;
        }
    }
    uint64_t open = flags::kRead; // the VFS wants read or write; reading is always harmless
    if (request.write)
        open |= flags::kWrite;
    if (request.create)
        open |= flags::kCreate;
    if (request.exclusive)
        open |= flags::kExclusive;
    if (request.truncate)
        open |= flags::kTruncate;
    auto file = vfs::File::open(m_client, slot->path_view(), open);
    if (file.is_error()) {
        release(*slot);
        return status_of(file);
    }
    slot->file = new (std::nothrow) vfs::File(file.release_value());
    if (!slot->file) {
        release(*slot);
        return Errno::NoMemory;
    }
    return Errno::Success;
}

void VfsFileSystem::close(Handle handle) {
    if (Slot* slot = find(handle))
        release(*slot);
}

Errno VfsFileSystem::stat(Handle handle, FileStat& stat) {
    Slot* slot = find(handle);
    if (!slot)
        return Errno::BadFd;
    auto record = slot->file ? slot->file->stat() : vfs::stat(m_client, slot->path_view());
    if (record.is_error())
        return status_of(record);
    stat = from_record(record.value());
    return Errno::Success;
}

Errno VfsFileSystem::stat_path(StringView path, FileStat& stat) {
    char full[kPathBytes];
    size_t length = 0;
    if (!join(path, full, length))
        return Errno::NameTooLong;
    auto record = vfs::stat(m_client, StringView(full, length));
    if (record.is_error())
        return status_of(record);
    stat = from_record(record.value());
    return Errno::Success;
}

Errno VfsFileSystem::read(Handle handle, uint64_t offset, Span<uint8_t> bytes, size_t& read) {
    Slot* slot = find(handle);
    if (!slot)
        return Errno::BadFd;
    if (!slot->file)
        return Errno::IsDirectory;
    auto done = slot->file->read_at(offset, bytes);
    if (done.is_error())
        return status_of(done);
    read = done.value();
    return Errno::Success;
}

Errno VfsFileSystem::write(Handle handle, uint64_t offset, Span<const uint8_t> bytes,
                           size_t& written) {
    Slot* slot = find(handle);
    if (!slot)
        return Errno::BadFd;
    if (!slot->file)
        return Errno::IsDirectory;
    auto done = slot->file->write_at(offset, Bytes(bytes.data(), bytes.size()));
    if (done.is_error())
        return status_of(done);
    written = done.value();
    return Errno::Success;
}

Errno VfsFileSystem::read_directory(Handle handle, uint64_t index, DirectoryEntry& entry,
                                    bool& at_end) {
    Slot* slot = find(handle);
    if (!slot)
        return Errno::BadFd;
    if (slot->file)
        return Errno::NotDirectory;
    // The VFS lists forwards only: reading an earlier index starts the listing again.
    if (!slot->listing || index < slot->listed) {
        delete slot->listing;
        slot->listing = nullptr;
        slot->listed = 0;
        auto opened = vfs::Directory::open(m_client, slot->path_view());
        if (opened.is_error())
            return status_of(opened);
        slot->listing = new (std::nothrow) vfs::Directory(opened.release_value());
        if (!slot->listing)
            return Errno::NoMemory;
    }
    for (;;) {
        auto more = slot->listing->next(slot->entry);
        if (more.is_error())
            return status_of(more);
        if (!more.value()) {
            at_end = true;
            return Errno::Success;
        }
        StringView name = slot->entry.name();
        if (name == "." || name == "..")
            continue;
        if (slot->listed++ == index)
            break;
    }
    at_end = false;
    entry.type =
        slot->entry.type == vfs::NodeType::Directory ? FileType::Directory : FileType::RegularFile;
    entry.inode = 0; // the VFS has no inode numbers
    entry.name = slot->entry.name();
    return Errno::Success;
}

Errno VfsFileSystem::create_directory(StringView path) {
    char full[kPathBytes];
    size_t length = 0;
    if (!join(path, full, length))
        return Errno::NameTooLong;
    return status_of(vfs::make_directory(m_client, StringView(full, length)));
}

Errno VfsFileSystem::remove_directory(StringView path) {
    char full[kPathBytes];
    size_t length = 0;
    if (!join(path, full, length))
        return Errno::NameTooLong;
    auto record = vfs::stat(m_client, StringView(full, length));
    if (record.is_error())
        return status_of(record);
    if (record.value().type != vfs::NodeType::Directory)
        return Errno::NotDirectory;
    return status_of(vfs::unlink(m_client, StringView(full, length)));
}

Errno VfsFileSystem::unlink_file(StringView path) {
    char full[kPathBytes];
    size_t length = 0;
    if (!join(path, full, length))
        return Errno::NameTooLong;
    auto record = vfs::stat(m_client, StringView(full, length));
    if (record.is_error())
        return status_of(record);
    if (record.value().type == vfs::NodeType::Directory)
        return Errno::IsDirectory;
    return status_of(vfs::unlink(m_client, StringView(full, length)));
}

Errno VfsFileSystem::rename(StringView from, StringView to) {
    char full_from[kPathBytes], full_to[kPathBytes];
    size_t from_length = 0, to_length = 0;
    if (!join(from, full_from, from_length) || !join(to, full_to, to_length))
        return Errno::NameTooLong;
    return status_of(
        vfs::rename(m_client, StringView(full_from, from_length), StringView(full_to, to_length)));
}

} // namespace mica::wasm_run
