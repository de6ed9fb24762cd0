#pragma once
// /boot: the boot archive (cpio newc), read-only. The tree is built once at start from the
// entries' paths: a file "a/b" makes the directory "a" even if the archive lists none. File
// contents stay in the mapped archive; only the nodes and names are allocated. Entries whose
// names are not valid paths, symbolic links and devices are left out (skipped() counts them).

#include "file_system.h"

#include <lib/cpio.h>

namespace mica::vfs {

class BootFs final : public FileSystem {
public:
    BootFs();
    BootFs(const BootFs&) = delete;
    BootFs& operator=(const BootFs&) = delete;

    // Adds every entry of `archive`, whose bytes must stay mapped while this lives. NoSpace if
    // the heap runs out.
    VfsResult<void> add_archive(const CpioArchive& archive);
    size_t skipped() const { return m_skipped; }

    bool is_read_only() const override { return true; }
    VfsResult<Node*> open(Components path, uint64_t flags) override;
    void close(Node*) override {}
    VfsResult<size_t> read(Node* node, uint64_t offset, Span<uint8_t> buffer) override;
    VfsResult<size_t> write(Node*, uint64_t, Bytes) override { return Status::ReadOnly; }
    VfsResult<void> truncate(Node*, uint64_t) override { return Status::ReadOnly; }
    StatRecord stat(Node* node) override;
    VfsResult<bool> read_directory(Node* node, uint64_t index, EntryInfo& out) override;
    VfsResult<StatRecord> stat(Components path) override;
    VfsResult<void> make_directory(Components) override { return Status::ReadOnly; }
    VfsResult<void> unlink(Components) override { return Status::ReadOnly; }
    VfsResult<void> rename(Components, Components) override { return Status::ReadOnly; }
    VfsResult<void> sync() override { return {}; }

private:
    struct BootNode : Node {
        NodeType type = NodeType::Directory;
        char* name = nullptr;
        size_t name_length = 0;
        Bytes data;
        uint32_t mode = 0555;
        bool has_time = false; // directories the archive only implies have no time
        uint64_t mtime = 0;    // Unix seconds
        BootNode* first_child = nullptr;
        BootNode* next_sibling = nullptr;

        StringView name_view() const { return StringView(name, name_length); }
    };

    static BootNode* as_boot(Node* node) { return static_cast<BootNode*>(node); }
    static BootNode* find_child(BootNode* directory, StringView name);
    VfsResult<BootNode*> walk(Components path);
    VfsResult<BootNode*> child_for(BootNode* parent, StringView name, NodeType type);
    VfsResult<void> add_entry(const CpioEntry& entry);

    BootNode m_root;
    size_t m_skipped = 0;
};

} // namespace mica::vfs
