#include "ram_fs.h"

#include <abi/user_syscalls.h>
#include <lib/align.h>
#include <mica/heap.h>
#include <string.h>

namespace mica::vfs {

namespace {

using namespace protocol::open_flags;

constexpr uint64_t kGrain = 4096; // file contents grow in pages

uint64_t now_ns() {
    uint64_t now = 0;
    (void)sys::clock_get(0, &now);
    return now;
}

// The heap's copy of a name; nullptr when it is out of memory.
char* copy_name(StringView name) {
    auto* copy = static_cast<char*>(heap_allocate(name.length() ? name.length() : 1));
    if (copy)
        memcpy(copy, name.data(), name.length());
    return copy;
}

} // namespace

RamFs::RamFs(uint64_t limit_bytes) : m_limit_bytes(limit_bytes) {
    m_root.type = NodeType::Directory;
    m_root.created_ns = m_root.modified_ns = now_ns();
}

RamFs::RamNode* RamFs::find_child(RamNode* directory, StringView name) {
    for (RamNode* child = directory->first_child; child; child = child->next_sibling) {
        if (child->name_view() == name)
            return child;
    }
    return nullptr;
}

VfsResult<RamFs::RamNode*> RamFs::walk(Components path) {
    RamNode* node = &m_root;
    for (StringView name : path) {
        if (node->type != NodeType::Directory)
            return Status::NotDirectory;
        node = find_child(node, name);
        if (!node)
            return Status::NotFound;
    }
    return node;
}

VfsResult<RamFs::RamNode*> RamFs::walk_parent(Components path) {
    RamNode* parent = TRY(walk(path.subspan(0, path.size() - 1)));
    if (parent->type != NodeType::Directory)
        return Status::NotDirectory;
    return parent;
}

VfsResult<RamFs::RamNode*> RamFs::add_node(RamNode* parent, StringView name, NodeType type) {
    auto* node = new (std::nothrow) RamNode;
    char* stored = copy_name(name);
    if (!node || !stored) {
        delete node;
        heap_free(stored);
        return Status::NoSpace;
    }
    node->type = type;
    node->name = stored;
    node->name_length = name.length();
    node->parent = parent;
    node->created_ns = node->modified_ns = now_ns();
    // Appended, so a listing shows entries in the order they were made.
    RamNode** link = &parent->first_child;
    while (*link)
        link = &(*link)->next_sibling;
    *link = node;
    parent->modified_ns = node->created_ns;
    return node;
}

VfsResult<void> RamFs::resize(RamNode* node, uint64_t size) {
    if (size > (~0ull >> 1))
        return Status::NoSpace;
    uint64_t capacity = align_up(size, kGrain);
    if (capacity > node->capacity && m_limit_bytes != 0 &&
        m_used_bytes - node->capacity + capacity > m_limit_bytes)
        return Status::NoSpace;
    if (capacity == 0) {
        heap_free(node->data);
        node->data = nullptr;
    } else if (capacity != node->capacity) {
        auto* grown = static_cast<uint8_t*>(heap_reallocate(node->data, capacity));
        if (!grown) {
            if (capacity > node->capacity)
                return Status::NoSpace; // the old block is untouched
            capacity = node->capacity;  // a failed shrink keeps the bigger block
        } else {
            node->data = grown;
        }
    }
    if (size > node->size)
        memset(node->data + node->size, 0, size - node->size);
    m_used_bytes = m_used_bytes - node->capacity + capacity;
    node->capacity = capacity;
    node->size = size;
    node->modified_ns = now_ns();
    return {};
}

// Takes a node out of its directory; it is freed now, or at its last close if it is open.
void RamFs::detach(RamNode* node) {
    RamNode** link = &node->parent->first_child;
    while (*link != node)
        link = &(*link)->next_sibling;
    *link = node->next_sibling;
    node->parent->modified_ns = now_ns();
    node->next_sibling = nullptr;
    node->parent = nullptr;
    node->linked = false;
    if (node->open_count == 0)
        destroy(node);
}

void RamFs::destroy(RamNode* node) {
    m_used_bytes -= node->capacity;
    heap_free(node->data);
    heap_free(node->name);
    delete node;
}

VfsResult<Node*> RamFs::open(Components path, uint64_t flags) {
    RamNode* node;
    if (path.is_empty()) {
        node = &m_root;
    } else {
        RamNode* parent = TRY(walk_parent(path));
        StringView leaf = path[path.size() - 1];
        node = find_child(parent, leaf);
        if (node && (flags & kCreate) && (flags & kExclusive))
            return Status::Exists;
        if (!node) {
            if (!(flags & kCreate))
                return Status::NotFound;
            node = TRY(add_node(parent, leaf, NodeType::File));
        }
    }
    if ((flags & kDirectory) && node->type != NodeType::Directory)
        return Status::NotDirectory;
    if (!(flags & kDirectory) && node->type == NodeType::Directory)
        return Status::IsDirectory;
    if (flags & kTruncate)
        TRY(resize(node, 0));
    ++node->open_count;
    return static_cast<Node*>(node);
}

void RamFs::close(Node* node) {
    RamNode* ram = as_ram(node);
    if (ram == &m_root)
        return;
    --ram->open_count;
    if (!ram->linked && ram->open_count == 0)
        destroy(ram);
}

VfsResult<size_t> RamFs::read(Node* node, uint64_t offset, Span<uint8_t> buffer) {
    RamNode* ram = as_ram(node);
    if (offset >= ram->size)
        return size_t(0);
    uint64_t count = ram->size - offset;
    if (count > buffer.size())
        count = buffer.size();
    memcpy(buffer.data(), ram->data + offset, count);
    return size_t(count);
}

VfsResult<size_t> RamFs::write(Node* node, uint64_t offset, Bytes data) {
    RamNode* ram = as_ram(node);
    uint64_t end = offset + data.size();
    if (end < offset)
        return Status::InvalidArgument;
    if (end > ram->size)
        TRY(resize(ram, end));
    memcpy(ram->data + offset, data.data(), data.size());
    ram->modified_ns = now_ns();
    return data.size();
}

VfsResult<void> RamFs::truncate(Node* node, uint64_t size) { return resize(as_ram(node), size); }

StatRecord RamFs::stat(Node* node) {
    RamNode* ram = as_ram(node);
    bool directory = ram->type == NodeType::Directory;
    return StatRecord{.size = directory ? 0 : ram->size,
                      .type = ram->type,
                      .mode = directory ? 0755u : 0644u,
                      .time_base = protocol::TimeBase::SinceBoot,
                      .reserved = 0,
                      .created_ns = ram->created_ns,
                      .modified_ns = ram->modified_ns};
}

VfsResult<bool> RamFs::read_directory(Node* node, uint64_t index, EntryInfo& out) {
    RamNode* child = as_ram(node)->first_child;
    for (uint64_t i = 0; child && i < index; ++i)
        child = child->next_sibling;
    if (!child)
        return false;
    out = EntryInfo{child->name_view(), child->type, child->size};
    return true;
}

VfsResult<StatRecord> RamFs::stat(Components path) { return stat(TRY(walk(path))); }

VfsResult<void> RamFs::make_directory(Components path) {
    RamNode* parent = TRY(walk_parent(path));
    StringView leaf = path[path.size() - 1];
    if (find_child(parent, leaf))
        return Status::Exists;
    TRY(add_node(parent, leaf, NodeType::Directory));
    return {};
}

VfsResult<void> RamFs::unlink(Components path) {
    RamNode* node = TRY(walk(path));
    if (node->first_child)
        return Status::NotEmpty;
    detach(node);
    return {};
}

VfsResult<void> RamFs::rename(Components from, Components to) {
    RamNode* source = TRY(walk(from));
    RamNode* parent = TRY(walk_parent(to));
    StringView leaf = to[to.size() - 1];
    // A directory cannot move into itself or below itself.
    for (RamNode* above = parent; above; above = above->parent) {
        if (above == source)
            return Status::InvalidArgument;
    }
    RamNode* target = find_child(parent, leaf);
    if (target == source)
        return {};
    if (target) {
        if (source->type == NodeType::Directory && target->type != NodeType::Directory)
            return Status::NotDirectory;
        if (source->type != NodeType::Directory && target->type == NodeType::Directory)
            return Status::IsDirectory;
        if (target->first_child)
            return Status::NotEmpty;
    }
    // The only step that can fail comes before any change.
    char* name = copy_name(leaf);
    if (!name)
        return Status::NoSpace;
    if (target)
        detach(target);
    RamNode** link = &source->parent->first_child;
    while (*link != source)
        link = &(*link)->next_sibling;
    *link = source->next_sibling;
    source->next_sibling = nullptr;
    source->parent->modified_ns = now_ns();
    heap_free(source->name);
    source->name = name;
    source->name_length = leaf.length();
    source->parent = parent;
    link = &parent->first_child;
    while (*link)
        link = &(*link)->next_sibling;
    *link = source;
    parent->modified_ns = now_ns();
    return {};
}

} // namespace mica::vfs
