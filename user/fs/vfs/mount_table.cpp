#include "mount_table.h"

namespace mica::vfs {

namespace {

using namespace protocol::open_flags;

VfsResult<void> check_open_flags(uint64_t flags) {
    if (flags & ~kAll)
        return Status::InvalidArgument;
    if (flags & kDirectory)
        return flags == kDirectory ? VfsResult<void>() : Status::InvalidArgument;
    if (!(flags & (kRead | kWrite)))
        return Status::InvalidArgument;
    if ((flags & kExclusive) && !(flags & kCreate))
        return Status::InvalidArgument;
    if ((flags & kTruncate) && !(flags & kWrite))
        return Status::InvalidArgument;
    return {};
}

} // namespace

VfsResult<void> MountTable::mount(StringView name, FileSystem& fs) {
    if (m_count == kMaxMounts)
        return Status::NoSpace;
    for (size_t i = 0; i < m_count; ++i) {
        if (m_mounts[i].name == name)
            return Status::Exists;
    }
    m_mounts[m_count++] = Mount{name, &fs};
    return {};
}

MountTable::Target MountTable::resolve(const NormalizedPath& path) {
    Components names = path.components();
    if (!names.is_empty()) {
        for (size_t i = 0; i < m_count; ++i) {
            if (m_mounts[i].name == names[0])
                return Target{m_mounts[i].fs, names.subspan(1), names.size() == 1};
        }
    }
    return Target{&m_root, names, names.is_empty()};
}

VfsResult<OpenNode> MountTable::open(const NormalizedPath& path, uint64_t flags) {
    TRY(check_open_flags(flags));
    Target target = resolve(path);
    if (target.fs->is_read_only() && (flags & (kWrite | kCreate | kTruncate)))
        return target.fs == &m_root && !target.is_mount_top && !(flags & kCreate)
                   ? Status::NotFound // nothing below "/" but the mounts
                   : Status::ReadOnly;
    Node* node = TRY(target.fs->open(target.path, flags));
    return OpenNode{target.fs, node};
}

VfsResult<StatRecord> MountTable::stat(const NormalizedPath& path) {
    Target target = resolve(path);
    return target.fs->stat(target.path);
}

VfsResult<void> MountTable::make_directory(const NormalizedPath& path) {
    Target target = resolve(path);
    if (target.is_mount_top)
        return Status::Exists;
    if (target.fs->is_read_only())
        return Status::ReadOnly;
    return target.fs->make_directory(target.path);
}

VfsResult<void> MountTable::unlink(const NormalizedPath& path) {
    Target target = resolve(path);
    if (target.is_mount_top)
        return Status::Busy;
    if (target.fs->is_read_only())
        return target.fs == &m_root ? Status::NotFound : Status::ReadOnly;
    return target.fs->unlink(target.path);
}

VfsResult<void> MountTable::rename(const NormalizedPath& from, const NormalizedPath& to) {
    Target source = resolve(from);
    Target destination = resolve(to);
    if (source.is_mount_top || destination.is_mount_top)
        return Status::Busy;
    if (source.fs != destination.fs)
        return Status::CrossMount;
    if (source.fs->is_read_only())
        return source.fs == &m_root ? Status::NotFound : Status::ReadOnly;
    return source.fs->rename(source.path, destination.path);
}

VfsResult<void> MountTable::sync() {
    Status first = Status::Ok;
    for (size_t i = 0; i < m_count; ++i) {
        auto synced = m_mounts[i].fs->sync();
        if (synced.is_error() && first == Status::Ok)
            first = synced.error();
    }
    return first == Status::Ok ? VfsResult<void>() : VfsResult<void>(first);
}

} // namespace mica::vfs
