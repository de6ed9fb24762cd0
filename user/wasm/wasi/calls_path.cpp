// Calls that name a path under a directory descriptor. Every path is resolved against the
// directory's own path inside its preopen (path.h), so the file system only sees paths under its
// root; ".." past the root and absolute paths are NotCapable.

#include <wasm/wasi/calls.h>

namespace mica::wasm::wasi::calls {

namespace {

// The directory `fd` (with `right`) and the module's path resolved against it.
Errno resolve(Wasi& wasi, GuestMemory& memory, uint32_t fd, uint64_t right, uint32_t path_at,
              uint32_t path_length, Descriptor*& directory, PathBuffer& path) {
    directory = wasi.descriptors().get(fd);
    if (!directory)
        return Errno::BadFd;
    if (directory->kind != DescriptorKind::Directory)
        return Errno::NotDirectory;
    if ((directory->rights & right) != right)
        return Errno::NotCapable;
    if (path_length > kMaxPathLength)
        return Errno::NameTooLong;
    if (!memory.contains(path_at, path_length))
        return Errno::Fault;
    Span<uint8_t> bytes = memory.bytes(path_at, path_length);
    StringView text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    return resolve_path(directory->path.view(), text, path);
}

} // namespace

Errno path_open(Wasi& wasi, GuestMemory& memory, Span<Value> args) {
    uint32_t open_flags = args[4].u32, fd_flags = args[7].u32, fd_at = args[8].u32;
    uint64_t wanted = args[5].u64, wanted_inheriting = args[6].u64;
    uint64_t right = rights::kPathOpen;
    if (open_flags & oflags::kCreate)
        right |= rights::kPathCreateFile;
    Descriptor* directory = nullptr;
    PathBuffer path;
    Errno result =
        resolve(wasi, memory, args[0].u32, right, args[2].u32, args[3].u32, directory, path);
    if (result != Errno::Success)
        return result;
    if (!memory.contains(fd_at, 4))
        return Errno::Fault;
    if (fd_flags & ~uint32_t(fdflags::kAppend | fdflags::kNonblock))
        return Errno::NotSupported; // the synchronous-write flags need the file system's help
    // What the new descriptor may have is bounded by what the directory lets it inherit.
    wanted &= directory->inheriting;
    wanted_inheriting &= directory->inheriting;

    OpenRequest request;
    request.read = wanted & (rights::kFdRead | rights::kFdReaddir);
    request.write =
        (wanted & (rights::kFdWrite | rights::kFdAllocate | rights::kFdFilestatSetSize)) ||
        (fd_flags & fdflags::kAppend) || (open_flags & oflags::kTruncate);
    request.create = open_flags & oflags::kCreate;
    request.exclusive = open_flags & oflags::kExclusive;
    request.truncate = open_flags & oflags::kTruncate;
    request.directory = open_flags & oflags::kDirectory;
    if (request.directory && request.write)
        return Errno::IsDirectory;

    uint32_t fd = 0;
    Descriptor* opened = wasi.descriptors().allocate(fd);
    if (!opened)
        return Errno::TooManyFiles;
    WasiFileSystem& file_system = wasi.file_system(*directory);
    WasiFileSystem::Handle handle = 0;
    if ((result = file_system.open(path.view(), request, handle)) != Errno::Success)
        return result;
    FileStat stat;
    if ((result = file_system.stat(handle, stat)) != Errno::Success) {
        file_system.close(handle);
        return result;
    }
    bool is_directory = stat.type == FileType::Directory;
    opened->kind = is_directory ? DescriptorKind::Directory : DescriptorKind::File;
    opened->preopen = directory->preopen;
    opened->handle = handle;
    opened->flags = uint16_t(fd_flags);
    opened->rights = wanted & (is_directory ? rights::kDirectory : rights::kRegularFile);
    opened->inheriting = is_directory ? wanted_inheriting : 0;
    opened->path = path;
    memory.store_u32(fd_at, fd);
    return Errno::Success;
}

Errno path_filestat_get(Wasi& wasi, GuestMemory& memory, Span<Value> args) {
    Descriptor* directory = nullptr;
    PathBuffer path;
    Errno result = resolve(wasi, memory, args[0].u32, rights::kPathFilestatGet, args[2].u32,
                           args[3].u32, directory, path);
    if (result != Errno::Success)
        return result;
    if (!memory.contains(args[4].u32, layout::kFilestatSize))
        return Errno::Fault;
    FileStat stat;
    if ((result = wasi.file_system(*directory).stat_path(path.view(), stat)) != Errno::Success)
        return result;
    store_filestat(memory, args[4].u32, stat);
    return Errno::Success;
}

Errno path_create_directory(Wasi& wasi, GuestMemory& memory, Span<Value> args) {
    Descriptor* directory = nullptr;
    PathBuffer path;
    Errno result = resolve(wasi, memory, args[0].u32, rights::kPathCreateDirectory, args[1].u32,
                           args[2].u32, directory, path);
    if (result != Errno::Success)
        return result;
    if (path.length == 0)
        return Errno::Exist; // the root itself
    return wasi.file_system(*directory).create_directory(path.view());
}

Errno path_remove_directory(Wasi& wasi, GuestMemory& memory, Span<Value> args) {
    Descriptor* directory = nullptr;
    PathBuffer path;
    Errno result = resolve(wasi, memory, args[0].u32, rights::kPathRemoveDirectory, args[1].u32,
                           args[2].u32, directory, path);
    if (result != Errno::Success)
        return result;
    if (path.length == 0)
        return Errno::Busy; // never the preopen's root
    return wasi.file_system(*directory).remove_directory(path.view());
}

Errno path_unlink_file(Wasi& wasi, GuestMemory& memory, Span<Value> args) {
    Descriptor* directory = nullptr;
    PathBuffer path;
    Errno result = resolve(wasi, memory, args[0].u32, rights::kPathUnlinkFile, args[1].u32,
                           args[2].u32, directory, path);
    if (result != Errno::Success)
        return result;
    if (path.length == 0)
        return Errno::IsDirectory;
    return wasi.file_system(*directory).unlink_file(path.view());
}

Errno path_rename(Wasi& wasi, GuestMemory& memory, Span<Value> args) {
    Descriptor* from_directory = nullptr;
    Descriptor* to_directory = nullptr;
    PathBuffer from;
    PathBuffer to;
    Errno result = resolve(wasi, memory, args[0].u32, rights::kPathRenameSource, args[1].u32,
                           args[2].u32, from_directory, from);
    if (result != Errno::Success)
        return result;
    result = resolve(wasi, memory, args[3].u32, rights::kPathRenameTarget, args[4].u32, args[5].u32,
                     to_directory, to);
    if (result != Errno::Success)
        return result;
    if (from_directory->preopen != to_directory->preopen)
        return Errno::CrossDevice;
    if (from.length == 0 || to.length == 0)
        return Errno::Busy;
    return wasi.file_system(*from_directory).rename(from.view(), to.view());
}

} // namespace mica::wasm::wasi::calls
