#pragma once
// What every filesystem the service mounts provides (BootFs, RamFs, RootDirectory; later the
// FAT32 adapter). The mount table hands each one paths already normalised and split into
// components relative to its own root (empty: the root itself), and has already refused
// changes to a read-only filesystem, so implementations see only requests that make sense.
//
// Nodes are the filesystem's own objects; open() gives one out and counts it, close() gives it
// back. A node stays valid while it is open, even if it is unlinked meanwhile.

#include <lib/span.h>
#include <lib/string_view.h>
#include <mica/vfs_result.h>

namespace mica::vfs {

using protocol::NodeType;
using protocol::StatRecord;
using Components = Span<const StringView>;

struct Node {};

struct EntryInfo {
    StringView name; // valid until the directory changes
    NodeType type;
    uint64_t size;
};

class FileSystem {
public:
    virtual bool is_read_only() const = 0;

    // `flags` are protocol::open_flags, already checked for consistency.
    virtual VfsResult<Node*> open(Components path, uint64_t flags) = 0;
    virtual void close(Node* node) = 0;

    virtual VfsResult<size_t> read(Node* node, uint64_t offset, Span<uint8_t> buffer) = 0;
    // All or nothing (NoSpace changes nothing). Writing past the end fills the gap with zeros.
    virtual VfsResult<size_t> write(Node* node, uint64_t offset, Bytes data) = 0;
    virtual VfsResult<void> truncate(Node* node, uint64_t size) = 0;
    virtual StatRecord stat(Node* node) = 0;
    // The `index`th entry of a directory node, or false past the last one.
    virtual VfsResult<bool> read_directory(Node* node, uint64_t index, EntryInfo& out) = 0;

    virtual VfsResult<StatRecord> stat(Components path) = 0;
    virtual VfsResult<void> make_directory(Components path) = 0;
    // A file, or an empty directory (NotEmpty otherwise).
    virtual VfsResult<void> unlink(Components path) = 0;
    // An existing file target is replaced; a directory target only by a directory, and only if
    // it is empty.
    virtual VfsResult<void> rename(Components from, Components to) = 0;
    virtual VfsResult<void> sync() = 0;

protected:
    ~FileSystem() = default;
};

} // namespace mica::vfs
