#pragma once
// /tmp: files and directories kept in the heap. File contents grow in whole pages; a limit
// (the service's --tmp-limit argument, 0: none) caps the bytes they take, so a test can fill it.
// Whatever runs out first, the limit or the heap, the request fails with NoSpace and changes
// nothing. A file unlinked while open lives on, nameless, until its last close.

#include "file_system.h"

namespace mica::vfs {

class RamFs final : public FileSystem {
public:
    explicit RamFs(uint64_t limit_bytes);
    RamFs(const RamFs&) = delete;
    RamFs& operator=(const RamFs&) = delete;

    uint64_t used_bytes() const { return m_used_bytes; }

    bool is_read_only() const override { return false; }
    VfsResult<Node*> open(Components path, uint64_t flags) override;
    void close(Node* node) override;
    VfsResult<size_t> read(Node* node, uint64_t offset, Span<uint8_t> buffer) override;
    VfsResult<size_t> write(Node* node, uint64_t offset, Bytes data) override;
    VfsResult<void> truncate(Node* node, uint64_t size) override;
    StatRecord stat(Node* node) override;
    VfsResult<bool> read_directory(Node* node, uint64_t index, EntryInfo& out) override;
    VfsResult<StatRecord> stat(Components path) override;
    VfsResult<void> make_directory(Components path) override;
    VfsResult<void> unlink(Components path) override;
    VfsResult<void> rename(Components from, Components to) override;
    VfsResult<void> sync() override { return {}; } // nothing to write back

private:
    struct RamNode : Node {
        NodeType type = NodeType::File;
        char* name = nullptr;
        size_t name_length = 0;
        RamNode* parent = nullptr;
        RamNode* first_child = nullptr;
        RamNode* next_sibling = nullptr;
        uint8_t* data = nullptr;
        uint64_t size = 0;
        uint64_t capacity = 0; // bytes allocated for data; what counts against the limit
        uint32_t open_count = 0;
        bool linked = true; // false once unlinked (kept only while open)
        uint64_t created_ns = 0;
        uint64_t modified_ns = 0;

        StringView name_view() const { return StringView(name, name_length); }
    };

    static RamNode* as_ram(Node* node) { return static_cast<RamNode*>(node); }
    static RamNode* find_child(RamNode* directory, StringView name);
    VfsResult<RamNode*> walk(Components path);
    VfsResult<RamNode*> walk_parent(Components path); // the directory holding the last component
    VfsResult<RamNode*> add_node(RamNode* parent, StringView name, NodeType type);
    VfsResult<void> resize(RamNode* node, uint64_t size);
    void detach(RamNode* node);
    void destroy(RamNode* node);

    RamNode m_root;
    uint64_t m_limit_bytes;
    uint64_t m_used_bytes = 0;
};

} // namespace mica::vfs
