#pragma once
// /disk: a FAT32 volume (user/fs/fat32) as one of the service's filesystems.
//
// The volume's rule is that a fat32::File must not be written through two copies, nor kept
// across an unlink or rename of its own entry. So every open of one file shares one node (and
// one File), found by the place of its directory entry, and unlink or rename of an open file or
// directory is refused with Busy rather than leaving a File that points at a reused entry.
// Unlike /tmp, a FAT file therefore cannot live on unlinked while it is open.
//
// Clean on disk after sync: sync unmounts the volume (everything written back, FAT[1]'s
// clean-shutdown bit set, the device flushed), and the next request mounts it again: read-only
// for requests that only look, read-write (which marks it dirty again) for the first change. So
// a power-off after `sync` (the shell's poweroff syncs first) finds a clean volume, and one
// without it finds the volume marked dirty, as after any crash; data written before the last
// sync is on the disk either way. Open files survive this: a fat32::File is plain data about
// the disk, not tied to one mount.
//
// Errors: the library's Error values are mapped to VFS statuses (fat_errors.h); whenever the
// block device failed during the operation the answer is IoError, whatever the library made of
// it.

#include "../file_system.h"
#include "driver_block_device.h"

#include <fs/fat32/volume.h>

namespace mica::vfs::disk {

class FatFs final : public FileSystem {
public:
    // `volume` is mounted read-write on `window` (a partition of `device`, or all of it) with
    // `cache`; all of them outlive this.
    FatFs(fs::fat32::Volume& volume, fs::BlockDevice& window, Span<uint8_t> cache,
          DriverBlockDevice& device)
        : m_volume(volume), m_window(window), m_cache(cache), m_device(device) {}
    FatFs(const FatFs&) = delete;
    FatFs& operator=(const FatFs&) = delete;

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
    // Dirty sectors and FSInfo to the disk, the volume marked clean, then a block flush.
    VfsResult<void> sync() override;

private:
    struct FatNode : Node {
        FatNode* next = nullptr;
        uint32_t open_count = 0;
        bool is_directory = false;
        char* path = nullptr; // as the volume takes it ("/docs/a.txt"); stable while open
        fs::fat32::File file{};
        // Directories: where the listing started, how far it got, and the last entry read.
        fs::fat32::DirectoryListing start{};
        fs::fat32::DirectoryListing cursor{};
        uint64_t listed = 0;
        fs::fat32::ListedEntry entry{};
    };

    // A path buffer: "/" and the components joined by "/".
    struct PathText {
        char text[protocol::kMaxPathBytes + 2];
        size_t length = 0;
        StringView view() const { return StringView(text, length); }
    };
    static VfsResult<void> join(Components path, PathText& out);

    static FatNode* as_fat(Node* node) { return static_cast<FatNode*>(node); }
    FatNode* find_file(const fs::fat32::File& file);
    FatNode* find_directory(uint32_t cluster);
    VfsResult<FatNode*> add_node(StringView path);
    VfsResult<FatNode*> open_directory(const PathText& path);
    VfsResult<FatNode*> open_file(const PathText& path, uint64_t flags);
    // Busy if `path` names an open file or directory; NotFound-type failures are not errors
    // here (the operation itself reports them).
    VfsResult<void> check_not_open(const PathText& path);
    // The library's failure as a VFS status (IoError if the device failed meanwhile).
    Status failure(Error error, StringView path);
    // Starts a request: mounts the volume again after a sync, read-write if it will `change`.
    VfsResult<void> begin(bool change);

    enum class Mounted { No, ReadOnly, ReadWrite };

    fs::fat32::Volume& m_volume;
    fs::BlockDevice& m_window;
    Span<uint8_t> m_cache;
    DriverBlockDevice& m_device;
    Mounted m_mounted = Mounted::ReadWrite;
    FatNode* m_nodes = nullptr; // every open node
};

} // namespace mica::vfs::disk
