#include "fat_fs.h"

#include "fat_errors.h"
#include "fat_times.h"

#include <mica/print.h>
#include <string.h>

namespace mica::vfs::disk {

namespace fat32 = fs::fat32;
using namespace protocol::open_flags;

namespace {

constexpr uint64_t kMaxFileBytes = 0xffffffffull; // FAT's size field is 32 bits

StatRecord record_of(const fat32::Stat& stat) {
    bool read_only = stat.attributes & fat32::dirent::kReadOnly;
    return StatRecord{.size = stat.is_directory ? 0 : stat.size,
                      .type = stat.is_directory ? NodeType::Directory : NodeType::File,
                      .mode = stat.is_directory ? (read_only ? 0555u : 0755u)
                                                : (read_only ? 0444u : 0644u),
                      .time_base = protocol::TimeBase::UnixEpoch,
                      .reserved = 0,
                      .created_ns = unix_nanoseconds(stat.created),
                      .modified_ns = unix_nanoseconds(stat.modified)};
}

bool is_dot_entry(const fat32::ListedEntry& entry) {
    StringView name(entry.name, entry.name_length);
    return name == "." || name == "..";
}

} // namespace

VfsResult<void> FatFs::join(Components path, PathText& out) {
    out.length = 0;
    out.text[out.length++] = '/';
    for (size_t i = 0; i < path.size(); ++i) {
        size_t need = path[i].length() + (i ? 1 : 0);
        if (out.length + need > protocol::kMaxPathBytes)
            return Status::NameTooLong;
        if (i)
            out.text[out.length++] = '/';
        memcpy(out.text + out.length, path[i].data(), path[i].length());
        out.length += path[i].length();
    }
    out.text[out.length] = '\0';
    return {};
}

Status FatFs::failure(Error error, StringView path) {
    if (!m_volume.is_mounted())
        return Status::IoError; // after unmount(), or the library gave up on the volume
    if (m_device.failed()) {
        println("vfs: /disk: I/O error at {}: {}", path, m_volume.problem());
        return Status::IoError;
    }
    Status status = vfs_status_for(error);
    if (status == Status::IoError)
        println("vfs: /disk: {} at {}: {}", error_name(error), path, m_volume.problem());
    if (error == fat32::kIsDirectory) {
        // The library folds both into WrongType: look at what the path names.
        auto stat = m_volume.stat(path);
        if (stat.is_ok() && stat.value().is_directory)
            return Status::IsDirectory;
    }
    return status;
}

VfsResult<void> FatFs::begin(bool change) {
    m_device.reset_failed();
    Mounted want = change ? Mounted::ReadWrite : Mounted::ReadOnly;
    if (m_mounted == Mounted::ReadWrite || m_mounted == want)
        return {};
    if (m_mounted == Mounted::ReadOnly && m_volume.unmount().is_error())
        return Status::IoError; // nothing to write back: cannot fail but through a bug
    m_mounted = Mounted::No;
    // FSInfo's free count is the one this service wrote at the sync that unmounted it.
    auto mounted = m_volume.mount(m_window, m_cache,
                                  {.read_only = !change, .clock = nullptr, .trust_fsinfo = true});
    if (mounted.is_error()) {
        println("vfs: /disk: cannot mount the volume again: {}", m_volume.problem());
        return Status::IoError;
    }
    m_mounted = want;
    return {};
}

FatFs::FatNode* FatFs::find_file(const fat32::File& file) {
    for (FatNode* node = m_nodes; node; node = node->next)
        if (!node->is_directory && node->file.directory == file.directory &&
            node->file.entry_index == file.entry_index)
            return node;
    return nullptr;
}

FatFs::FatNode* FatFs::find_directory(uint32_t cluster) {
    for (FatNode* node = m_nodes; node; node = node->next)
        if (node->is_directory && node->start.cluster == cluster)
            return node;
    return nullptr;
}

VfsResult<FatFs::FatNode*> FatFs::add_node(StringView path) {
    auto* node = new FatNode;
    auto* text = new char[path.length() + 1];
    if (!node || !text) {
        delete node;
        delete[] text;
        return Status::NoSpace;
    }
    memcpy(text, path.data(), path.length());
    text[path.length()] = '\0';
    node->path = text;
    node->next = m_nodes;
    m_nodes = node;
    return node;
}

VfsResult<FatFs::FatNode*> FatFs::open_directory(const PathText& path) {
    auto listing = m_volume.open_directory(path.view());
    if (listing.is_error())
        return failure(listing.error(), path.view());
    if (FatNode* existing = find_directory(listing.value().cluster))
        return existing;
    FatNode* node = TRY(add_node(path.view()));
    node->is_directory = true;
    node->start = node->cursor = listing.value();
    return node;
}

VfsResult<FatFs::FatNode*> FatFs::open_file(const PathText& path, uint64_t flags) {
    // Truncation is done below on the shared File, so that a file already open elsewhere sees
    // its new size.
    auto file = m_volume.open(path.view(), {.create = (flags & kCreate) != 0,
                                            .exclusive = (flags & kExclusive) != 0,
                                            .truncate = false});
    if (file.is_error())
        return failure(file.error(), path.view());
    FatNode* node = find_file(file.value());
    bool fresh = !node;
    if (fresh) {
        node = TRY(add_node(path.view()));
        node->file = file.value();
    }
    if (flags & kTruncate) {
        auto cut = m_volume.truncate(node->file, 0);
        if (cut.is_error()) {
            Status status = failure(cut.error(), path.view());
            if (fresh)
                close(node); // open_count is 0: unlinks and frees it
            return status;
        }
    }
    return node;
}

VfsResult<Node*> FatFs::open(Components path, uint64_t flags) {
    TRY(begin((flags & (kCreate | kTruncate)) != 0));
    PathText text;
    TRY(join(path, text));
    FatNode* node;
    if (flags & kDirectory) {
        node = TRY(open_directory(text));
    } else {
        if (path.is_empty())
            return Status::IsDirectory;
        node = TRY(open_file(text, flags));
    }
    ++node->open_count;
    return static_cast<Node*>(node);
}

void FatFs::close(Node* node) {
    FatNode* fat = as_fat(node);
    if (fat->open_count > 0 && --fat->open_count > 0)
        return;
    for (FatNode** link = &m_nodes; *link; link = &(*link)->next) {
        if (*link == fat) {
            *link = fat->next;
            break;
        }
    }
    delete[] fat->path;
    delete fat;
}

VfsResult<size_t> FatFs::read(Node* node, uint64_t offset, Span<uint8_t> buffer) {
    TRY(begin(false));
    FatNode* fat = as_fat(node);
    if (fat->is_directory)
        return Status::IsDirectory;
    if (offset >= fat->file.size)
        return size_t(0);
    auto done = m_volume.seek(fat->file, uint32_t(offset));
    if (done.is_error())
        return failure(done.error(), fat->path);
    auto count = m_volume.read(fat->file, buffer);
    if (count.is_error())
        return failure(count.error(), fat->path);
    return count.value();
}

VfsResult<size_t> FatFs::write(Node* node, uint64_t offset, Bytes data) {
    TRY(begin(true));
    FatNode* fat = as_fat(node);
    if (fat->is_directory)
        return Status::IsDirectory;
    if (offset > kMaxFileBytes || data.size() > kMaxFileBytes - offset)
        return Status::NoSpace;
    auto done = m_volume.seek(fat->file, uint32_t(offset));
    if (done.is_error())
        return failure(done.error(), fat->path);
    auto count = m_volume.write(fat->file, data);
    if (count.is_error())
        return failure(count.error(), fat->path);
    return count.value();
}

VfsResult<void> FatFs::truncate(Node* node, uint64_t size) {
    TRY(begin(true));
    FatNode* fat = as_fat(node);
    if (fat->is_directory)
        return Status::IsDirectory;
    if (size > kMaxFileBytes)
        return Status::NoSpace;
    auto done = m_volume.truncate(fat->file, uint32_t(size));
    if (done.is_error())
        return failure(done.error(), fat->path);
    return {};
}

StatRecord FatFs::stat(Node* node) {
    FatNode* fat = as_fat(node);
    if (begin(false).is_ok()) {
        auto stat = m_volume.stat(fat->path);
        if (stat.is_ok())
            return record_of(stat.value());
    }
    // The entry could not be read back (a device error): what the open node knows, no times.
    return StatRecord{.size = fat->is_directory ? 0 : fat->file.size,
                      .type = fat->is_directory ? NodeType::Directory : NodeType::File,
                      .mode = fat->is_directory ? 0755u : 0644u,
                      .time_base = protocol::TimeBase::None,
                      .reserved = 0,
                      .created_ns = 0,
                      .modified_ns = 0};
}

VfsResult<bool> FatFs::read_directory(Node* node, uint64_t index, EntryInfo& out) {
    TRY(begin(false));
    FatNode* fat = as_fat(node);
    if (!fat->is_directory)
        return Status::NotDirectory;
    // Listings go forward only: an earlier index starts again from the top.
    if (index < fat->listed || fat->listed == 0) {
        fat->cursor = fat->start;
        fat->listed = 0;
    }
    while (fat->listed <= index) {
        auto more = m_volume.read_directory(fat->cursor, fat->entry);
        if (more.is_error())
            return failure(more.error(), fat->path);
        if (!more.value()) {
            fat->listed = 0; // the next call starts over
            return false;
        }
        if (!is_dot_entry(fat->entry))
            ++fat->listed;
    }
    out.name = StringView(fat->entry.name, fat->entry.name_length);
    out.type = fat->entry.stat.is_directory ? NodeType::Directory : NodeType::File;
    out.size = fat->entry.stat.is_directory ? 0 : fat->entry.stat.size;
    return true;
}

VfsResult<StatRecord> FatFs::stat(Components path) {
    TRY(begin(false));
    PathText text;
    TRY(join(path, text));
    auto stat = m_volume.stat(text.view());
    if (stat.is_error())
        return failure(stat.error(), text.view());
    return record_of(stat.value());
}

VfsResult<void> FatFs::make_directory(Components path) {
    TRY(begin(true));
    PathText text;
    TRY(join(path, text));
    auto done = m_volume.mkdir(text.view());
    if (done.is_error())
        return failure(done.error(), text.view());
    return {};
}

VfsResult<void> FatFs::check_not_open(const PathText& path) {
    auto stat = m_volume.stat(path.view());
    if (stat.is_error())
        return {};
    if (stat.value().is_directory)
        return find_directory(stat.value().first_cluster) ? Status::Busy : VfsResult<void>();
    auto file = m_volume.open(path.view());
    if (file.is_ok() && find_file(file.value()))
        return Status::Busy;
    return {};
}

VfsResult<void> FatFs::unlink(Components path) {
    TRY(begin(true));
    PathText text;
    TRY(join(path, text));
    TRY(check_not_open(text));
    auto done = m_volume.unlink(text.view());
    if (done.is_error())
        return failure(done.error(), text.view());
    return {};
}

VfsResult<void> FatFs::rename(Components from, Components to) {
    TRY(begin(true));
    PathText from_text, to_text;
    TRY(join(from, from_text));
    TRY(join(to, to_text));
    TRY(check_not_open(from_text));
    TRY(check_not_open(to_text)); // a replaced target goes away like an unlinked one
    auto done = m_volume.rename(from_text.view(), to_text.view());
    if (done.is_error())
        return failure(done.error(), to_text.view());
    return {};
}

VfsResult<void> FatFs::sync() {
    m_device.reset_failed();
    if (m_mounted != Mounted::ReadWrite)
        return {}; // nothing changed since the last sync
    auto done = m_volume.unmount();
    if (done.is_error()) {
        // The volume stays mounted (the library forgets the device only after success).
        return failure(done.error(), "/");
    }
    m_mounted = Mounted::No;
    return {};
}

} // namespace mica::vfs::disk
