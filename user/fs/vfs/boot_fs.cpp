#include "boot_fs.h"

#include "path.h"

#include <mica/heap.h>
#include <string.h>

namespace mica::vfs {

using namespace protocol::open_flags;

BootFs::BootFs() = default;

BootFs::BootNode* BootFs::find_child(BootNode* directory, StringView name) {
    for (BootNode* child = directory->first_child; child; child = child->next_sibling) {
        if (child->name_view() == name)
            return child;
    }
    return nullptr;
}

VfsResult<BootFs::BootNode*> BootFs::walk(Components path) {
    BootNode* node = &m_root;
    for (StringView name : path) {
        if (node->type != NodeType::Directory)
            return Status::NotDirectory;
        node = find_child(node, name);
        if (!node)
            return Status::NotFound;
    }
    return node;
}

// The child `name` of `parent`, made with `type` if missing. A child of the other type is
// Exists: the archive contradicts itself and the later entry is skipped.
VfsResult<BootFs::BootNode*> BootFs::child_for(BootNode* parent, StringView name, NodeType type) {
    if (BootNode* child = find_child(parent, name))
        return child->type == type ? VfsResult<BootNode*>(child) : Status::Exists;
    auto* child = new (std::nothrow) BootNode;
    auto* stored = static_cast<char*>(heap_allocate(name.length()));
    if (!child || !stored) {
        delete child;
        heap_free(stored);
        return Status::NoSpace;
    }
    memcpy(stored, name.data(), name.length());
    child->type = type;
    child->name = stored;
    child->name_length = name.length();
    BootNode** link = &parent->first_child;
    while (*link)
        link = &(*link)->next_sibling;
    *link = child;
    return child;
}

VfsResult<void> BootFs::add_entry(const CpioEntry& entry) {
    if (!entry.is_regular_file() && !entry.is_directory()) {
        ++m_skipped;
        return {};
    }
    // Archive names are relative ("init", "./lib/x"); as paths below /boot they must pass the
    // service's rules like any other.
    char text[kPathMaxBytes];
    NormalizedPath path;
    if (entry.name.length() + 1 > sizeof text) {
        ++m_skipped;
        return {};
    }
    text[0] = '/';
    memcpy(text + 1, entry.name.data(), entry.name.length());
    if (path.parse(StringView(text, entry.name.length() + 1)) != PathError::None ||
        path.is_root()) {
        ++m_skipped; // "." names the root itself; malformed names have no place
        return {};
    }
    Components names = path.components();
    BootNode* node = &m_root;
    for (size_t i = 0; i + 1 < names.size(); ++i) {
        auto directory = child_for(node, names[i], NodeType::Directory);
        if (directory.is_error()) {
            if (directory.error() == Status::NoSpace)
                return Status::NoSpace;
            ++m_skipped;
            return {};
        }
        node = directory.value();
    }
    NodeType type = entry.is_directory() ? NodeType::Directory : NodeType::File;
    auto leaf = child_for(node, names[names.size() - 1], type);
    if (leaf.is_error()) {
        if (leaf.error() == Status::NoSpace)
            return Status::NoSpace;
        ++m_skipped;
        return {};
    }
    // A name listed twice: the later entry wins, as when the archive is unpacked in order.
    BootNode* target = leaf.value();
    if (type == NodeType::File)
        target->data = entry.data;
    target->mode = entry.permissions() & 0555; // nothing here can be written
    target->has_time = true;
    target->mtime = entry.mtime;
    return {};
}

VfsResult<void> BootFs::add_archive(const CpioArchive& archive) {
    for (CpioEntry entry : archive)
        TRY(add_entry(entry));
    return {};
}

VfsResult<Node*> BootFs::open(Components path, uint64_t flags) {
    BootNode* node = TRY(walk(path));
    if ((flags & kDirectory) && node->type != NodeType::Directory)
        return Status::NotDirectory;
    if (!(flags & kDirectory) && node->type == NodeType::Directory)
        return Status::IsDirectory;
    return static_cast<Node*>(node);
}

VfsResult<size_t> BootFs::read(Node* node, uint64_t offset, Span<uint8_t> buffer) {
    Bytes data = as_boot(node)->data;
    if (offset >= data.size())
        return size_t(0);
    Bytes part = data.subspan(offset, buffer.size());
    memcpy(buffer.data(), part.data(), part.size());
    return part.size();
}

StatRecord BootFs::stat(Node* node) {
    BootNode* boot = as_boot(node);
    uint64_t time = boot->mtime * 1'000'000'000ull;
    return StatRecord{.size = boot->type == NodeType::File ? boot->data.size() : 0,
                      .type = boot->type,
                      .mode = boot->mode,
                      .time_base =
                          boot->has_time ? protocol::TimeBase::UnixEpoch : protocol::TimeBase::None,
                      .reserved = 0,
                      .created_ns = time, // cpio keeps only one time
                      .modified_ns = time};
}

VfsResult<bool> BootFs::read_directory(Node* node, uint64_t index, EntryInfo& out) {
    BootNode* child = as_boot(node)->first_child;
    for (uint64_t i = 0; child && i < index; ++i)
        child = child->next_sibling;
    if (!child)
        return false;
    out = EntryInfo{child->name_view(), child->type,
                    child->type == NodeType::File ? child->data.size() : 0};
    return true;
}

VfsResult<StatRecord> BootFs::stat(Components path) { return stat(TRY(walk(path))); }

} // namespace mica::vfs
