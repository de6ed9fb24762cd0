#include "posix_file_system.h"

#include "posix_host.h"

#include <algorithm>
#include <cerrno>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace mica::wasm::embedder {

using wasi::Errno;
using wasi::FileType;

namespace {

FileType type_of(mode_t mode) {
    if (S_ISREG(mode))
        return FileType::RegularFile;
    if (S_ISDIR(mode))
        return FileType::Directory;
    if (S_ISLNK(mode))
        return FileType::SymbolicLink;
    if (S_ISCHR(mode))
        return FileType::CharacterDevice;
    if (S_ISBLK(mode))
        return FileType::BlockDevice;
    return FileType::Unknown;
}

uint64_t nanoseconds(const timespec& time) {
    return uint64_t(time.tv_sec) * 1'000'000'000 + uint64_t(time.tv_nsec);
}

wasi::FileStat from_posix(const struct stat& info) {
    wasi::FileStat stat;
    stat.type = type_of(info.st_mode);
    stat.device = info.st_dev;
    stat.inode = info.st_ino;
    stat.links = info.st_nlink;
    stat.size = uint64_t(info.st_size);
    stat.access_time = nanoseconds(info.st_atim);
    stat.modify_time = nanoseconds(info.st_mtim);
    stat.change_time = nanoseconds(info.st_ctim);
    return stat;
}

Errno last_error() { return errno_from_posix(errno); }

// Closes a descriptor when it goes out of scope.
struct FdGuard {
    int fd;
    ~FdGuard() {
        if (fd >= 0)
            ::close(fd);
    }
};

} // namespace

PosixFileSystem::PosixFileSystem(const std::string& root)
    : m_root(::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)) {}

PosixFileSystem::~PosixFileSystem() {
    for (auto& [handle, file] : m_files)
        ::close(file.fd);
    if (m_root >= 0)
        ::close(m_root);
}

Errno PosixFileSystem::open_parent(StringView path, int& parent, std::string& leaf) {
    std::string text(path.data(), path.length());
    size_t slash = text.rfind('/');
    leaf = text.empty() ? "." : text.substr(slash == std::string::npos ? 0 : slash + 1);
    parent = ::dup(m_root);
    if (parent < 0)
        return last_error();
    if (slash == std::string::npos)
        return Errno::Success;
    size_t start = 0;
    while (start < slash) {
        size_t end = text.find('/', start);
        std::string component = text.substr(start, end - start);
        int next =
            ::openat(parent, component.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        Errno error = next < 0 ? last_error() : Errno::Success;
        ::close(parent);
        if (next < 0) {
            parent = -1;
            return error == Errno::Loop ? Errno::NotCapable : error;
        }
        parent = next;
        start = end + 1;
    }
    return Errno::Success;
}

PosixFileSystem::OpenFile* PosixFileSystem::find(Handle handle) {
    auto it = m_files.find(handle);
    return it == m_files.end() ? nullptr : &it->second;
}

Errno PosixFileSystem::open(StringView path, const wasi::OpenRequest& request, Handle& handle) {
    int parent = -1;
    std::string leaf;
    Errno result = open_parent(path, parent, leaf);
    if (result != Errno::Success)
        return result;
    FdGuard guard{parent};
    int flags = O_CLOEXEC | O_NOFOLLOW;
    flags |= request.write ? (request.read ? O_RDWR : O_WRONLY) : O_RDONLY;
    if (request.create)
        flags |= O_CREAT;
    if (request.exclusive)
        flags |= O_EXCL;
    if (request.truncate)
        flags |= O_TRUNC;
    if (request.directory)
        flags |= O_DIRECTORY;
    int fd = ::openat(parent, leaf.c_str(), flags, 0666);
    if (fd < 0 && errno == EISDIR && !request.write)
        fd = ::openat(parent, leaf.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return last_error();
    handle = m_next++;
    m_files[handle].fd = fd;
    return Errno::Success;
}

void PosixFileSystem::close(Handle handle) {
    if (OpenFile* file = find(handle)) {
        ::close(file->fd);
        m_files.erase(handle);
    }
}

Errno PosixFileSystem::stat(Handle handle, wasi::FileStat& stat) {
    OpenFile* file = find(handle);
    if (!file)
        return Errno::BadFd;
    struct stat info;
    if (::fstat(file->fd, &info) != 0)
        return last_error();
    stat = from_posix(info);
    return Errno::Success;
}

Errno PosixFileSystem::stat_path(StringView path, wasi::FileStat& stat) {
    int parent = -1;
    std::string leaf;
    Errno result = open_parent(path, parent, leaf);
    if (result != Errno::Success)
        return result;
    FdGuard guard{parent};
    struct stat info;
    if (::fstatat(parent, leaf.c_str(), &info, AT_SYMLINK_NOFOLLOW) != 0)
        return last_error();
    stat = from_posix(info);
    return Errno::Success;
}

Errno PosixFileSystem::read(Handle handle, uint64_t offset, Span<uint8_t> bytes, size_t& read) {
    OpenFile* file = find(handle);
    if (!file)
        return Errno::BadFd;
    ssize_t got = ::pread(file->fd, bytes.data(), bytes.size(), off_t(offset));
    if (got < 0)
        return last_error();
    read = size_t(got);
    return Errno::Success;
}

Errno PosixFileSystem::write(Handle handle, uint64_t offset, Span<const uint8_t> bytes,
                             size_t& written) {
    OpenFile* file = find(handle);
    if (!file)
        return Errno::BadFd;
    ssize_t done = ::pwrite(file->fd, bytes.data(), bytes.size(), off_t(offset));
    if (done < 0)
        return last_error();
    written = size_t(done);
    return Errno::Success;
}

Errno PosixFileSystem::read_directory(Handle handle, uint64_t index, wasi::DirectoryEntry& entry,
                                      bool& at_end) {
    OpenFile* file = find(handle);
    if (!file)
        return Errno::BadFd;
    if (!file->listed || index == 0) {
        int copy = ::openat(file->fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        DIR* directory = copy < 0 ? nullptr : ::fdopendir(copy);
        if (!directory) {
            if (copy >= 0)
                ::close(copy);
            return last_error();
        }
        file->entries.clear();
        while (dirent* item = ::readdir(directory)) {
            std::string name = item->d_name;
            if (name == "." || name == "..")
                continue;
            struct stat info;
            FileType type = ::fstatat(file->fd, item->d_name, &info, AT_SYMLINK_NOFOLLOW) == 0
                                ? type_of(info.st_mode)
                                : FileType::Unknown;
            file->entries.push_back({name, type, uint64_t(item->d_ino)});
        }
        ::closedir(directory);
        std::sort(file->entries.begin(), file->entries.end(),
                  [](const Entry& a, const Entry& b) { return a.name < b.name; });
        file->listed = true;
    }
    at_end = index >= file->entries.size();
    if (!at_end) {
        const Entry& found = file->entries[index];
        entry.type = found.type;
        entry.inode = found.inode;
        entry.name = StringView(found.name.data(), found.name.size());
    }
    return Errno::Success;
}

Errno PosixFileSystem::create_directory(StringView path) {
    int parent = -1;
    std::string leaf;
    Errno result = open_parent(path, parent, leaf);
    if (result != Errno::Success)
        return result;
    FdGuard guard{parent};
    return ::mkdirat(parent, leaf.c_str(), 0777) == 0 ? Errno::Success : last_error();
}

Errno PosixFileSystem::remove_directory(StringView path) {
    int parent = -1;
    std::string leaf;
    Errno result = open_parent(path, parent, leaf);
    if (result != Errno::Success)
        return result;
    FdGuard guard{parent};
    return ::unlinkat(parent, leaf.c_str(), AT_REMOVEDIR) == 0 ? Errno::Success : last_error();
}

Errno PosixFileSystem::unlink_file(StringView path) {
    int parent = -1;
    std::string leaf;
    Errno result = open_parent(path, parent, leaf);
    if (result != Errno::Success)
        return result;
    FdGuard guard{parent};
    return ::unlinkat(parent, leaf.c_str(), 0) == 0 ? Errno::Success : last_error();
}

Errno PosixFileSystem::rename(StringView from, StringView to) {
    int from_parent = -1, to_parent = -1;
    std::string from_leaf, to_leaf;
    Errno result = open_parent(from, from_parent, from_leaf);
    if (result != Errno::Success)
        return result;
    FdGuard from_guard{from_parent};
    if ((result = open_parent(to, to_parent, to_leaf)) != Errno::Success)
        return result;
    FdGuard to_guard{to_parent};
    return ::renameat(from_parent, from_leaf.c_str(), to_parent, to_leaf.c_str()) == 0
               ? Errno::Success
               : last_error();
}

} // namespace mica::wasm::embedder
