#pragma once
// Where a path goes, and the rules that hold whatever filesystem is there: "/boot", "/tmp"
// (later "/disk") each name a mounted FileSystem; "/" itself is the RootDirectory. The table
// checks the open flags, refuses changes to read-only filesystems (ReadOnly), to mount points
// (Busy) and renames between filesystems (CrossMount) before any filesystem sees the request.

#include "file_system.h"
#include "path.h"
#include "root_directory.h"

namespace mica::vfs {

struct OpenNode {
    FileSystem* fs = nullptr;
    Node* node = nullptr;
};

class MountTable {
public:
    static constexpr size_t kMaxMounts = 8;

    MountTable() : m_root(*this) {}
    MountTable(const MountTable&) = delete;
    MountTable& operator=(const MountTable&) = delete;

    // `name` is one path component (a static string); `fs` must outlive the table.
    VfsResult<void> mount(StringView name, FileSystem& fs);
    size_t mount_count() const { return m_count; }
    StringView mount_name(size_t index) const { return m_mounts[index].name; }

    VfsResult<OpenNode> open(const NormalizedPath& path, uint64_t flags);
    VfsResult<StatRecord> stat(const NormalizedPath& path);
    VfsResult<void> make_directory(const NormalizedPath& path);
    VfsResult<void> unlink(const NormalizedPath& path);
    VfsResult<void> rename(const NormalizedPath& from, const NormalizedPath& to);
    // Every mount; the first failure is returned after all were tried.
    VfsResult<void> sync();

private:
    struct Target {
        FileSystem* fs;
        Components path;   // inside fs
        bool is_mount_top; // "/" or a mount point itself
    };
    Target resolve(const NormalizedPath& path);

    struct Mount {
        StringView name;
        FileSystem* fs;
    };
    Mount m_mounts[kMaxMounts];
    size_t m_count = 0;
    RootDirectory m_root;
};

} // namespace mica::vfs
