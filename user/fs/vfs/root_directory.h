#pragma once
// "/": a read-only directory whose entries are the mount points. The mount table sends it every
// path whose first name is not a mount, so anything below it is NotFound.

#include "file_system.h"

namespace mica::vfs {

class MountTable;

class RootDirectory final : public FileSystem {
public:
    explicit RootDirectory(const MountTable& mounts) : m_mounts(mounts) {}

    bool is_read_only() const override { return true; }
    VfsResult<Node*> open(Components path, uint64_t flags) override;
    void close(Node*) override {}
    VfsResult<size_t> read(Node*, uint64_t, Span<uint8_t>) override { return Status::IsDirectory; }
    VfsResult<size_t> write(Node*, uint64_t, Bytes) override { return Status::ReadOnly; }
    VfsResult<void> truncate(Node*, uint64_t) override { return Status::ReadOnly; }
    StatRecord stat(Node*) override;
    VfsResult<bool> read_directory(Node* node, uint64_t index, EntryInfo& out) override;
    VfsResult<StatRecord> stat(Components path) override;
    VfsResult<void> make_directory(Components) override { return Status::ReadOnly; }
    VfsResult<void> unlink(Components) override { return Status::ReadOnly; }
    VfsResult<void> rename(Components, Components) override { return Status::ReadOnly; }
    VfsResult<void> sync() override { return {}; }

private:
    const MountTable& m_mounts;
    Node m_node;
};

} // namespace mica::vfs
