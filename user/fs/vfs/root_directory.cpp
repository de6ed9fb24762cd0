#include "root_directory.h"

#include "mount_table.h"

namespace mica::vfs {

VfsResult<Node*> RootDirectory::open(Components path, uint64_t flags) {
    if (!path.is_empty())
        return Status::NotFound;
    if (!(flags & protocol::open_flags::kDirectory))
        return Status::IsDirectory;
    return &m_node;
}

StatRecord RootDirectory::stat(Node*) {
    return StatRecord{.size = 0,
                      .type = NodeType::Directory,
                      .mode = 0555,
                      .time_base = protocol::TimeBase::None,
                      .reserved = 0,
                      .created_ns = 0,
                      .modified_ns = 0};
}

VfsResult<bool> RootDirectory::read_directory(Node*, uint64_t index, EntryInfo& out) {
    if (index >= m_mounts.mount_count())
        return false;
    out = EntryInfo{m_mounts.mount_name(index), NodeType::Directory, 0};
    return true;
}

VfsResult<StatRecord> RootDirectory::stat(Components path) {
    if (!path.is_empty())
        return Status::NotFound;
    return stat(&m_node);
}

} // namespace mica::vfs
