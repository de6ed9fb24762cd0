#pragma once
// A mounted FAT32 volume: the library's whole interface.
//
//   Volume volume;
//   TRY(volume.mount(device, cache_memory, {.read_only = false, .clock = &clock}));
//   File file = TRY(volume.open("/docs/Notes about FAT.txt", {.create = true}));
//   TRY(volume.write(file, data));
//   TRY(volume.unmount()); // sync, then mark the volume clean
//
// Paths are UTF-8, '/'-separated, relative to the root whether or not they start with '/';
// "." and ".." are resolved by name (FAT has no links). Names match without regard to ASCII case.
// Every failure leaves an explanation in problem(). Memory: the cache lives in the caller's
// buffer (BlockCache::memory_for gives the size); nothing else is allocated.
//
// A File is the caller's: it remembers where its directory entry is, so the caller must not
// keep a File open across an unlink or rename of the same file, nor two Files of one file that
// both write (the VFS service serialises this).

#include <fs/fat32/directory.h>
#include <fs/fat32/volume_core.h>

namespace mica::fs::fat32 {

struct MountOptions {
    bool read_only = true;
    Clock* clock = nullptr; // nullptr: every timestamp is 1980-01-01 00:00:00
    // Use FSInfo's free-cluster count, if the volume was unmounted cleanly and the figure is
    // plausible, rather than reading the whole FAT to count (faster on large volumes; a wrong
    // figure then stays wrong until fsck fixes it).
    bool trust_fsinfo = false;
};

struct Stat {
    uint32_t size;
    uint8_t attributes; // dirent::kReadOnly, kHidden, kSystem, kDirectory, kArchive
    bool is_directory;
    uint32_t first_cluster;
    DateTime created;
    DateTime modified;
};

struct OpenOptions {
    bool create = false;    // create the file if it does not exist
    bool exclusive = false; // with create: fail with AlreadyExists if it does
    bool truncate = false;  // cut an existing file to size 0
};

struct File {
    uint32_t directory;   // first cluster of the directory holding the entry
    uint32_t entry_index; // its short entry there
    uint32_t first_cluster;
    uint32_t size;
    uint32_t position;
    uint8_t attributes;
    // Position cache: cluster number `cursor_cluster` is the `cursor_index`th of the chain.
    uint32_t cursor_index;
    uint32_t cursor_cluster;
    // Chain length and last cluster once a write has measured them (0: not yet).
    uint32_t known_clusters;
    uint32_t last_cluster;
};

struct DirectoryListing {
    uint32_t cluster;
    uint32_t next_index;
};

struct ListedEntry {
    char name[kMaxNameBytes]; // UTF-8, NUL-terminated
    size_t name_length;
    Stat stat;
};

struct VolumeInfo {
    uint32_t cluster_bytes;
    uint32_t cluster_count;
    uint32_t free_clusters;
    uint32_t volume_id;
    uint8_t label[11];
    bool was_clean; // FAT[1]'s clean-shutdown bit at mount time
};

class Volume {
public:
    Volume() = default;
    Volume(const Volume&) = delete;
    Volume& operator=(const Volume&) = delete;

    Result<void> mount(BlockDevice& device, Span<uint8_t> cache_memory, MountOptions options);
    // Writes everything back, marks the volume clean and forgets the device.
    Result<void> unmount();
    // Writes dirty sectors and FSInfo, then flushes the device. The volume stays marked dirty
    // until unmount().
    Result<void> sync();

    Result<Stat> stat(StringView path);
    Result<File> open(StringView path, OpenOptions options = {});
    Result<size_t> read(File& file, Span<uint8_t> buffer);
    // All or nothing: if the clusters the write needs are not free it fails with kNoSpace and
    // changes nothing. Writing past the end fills the gap with zeros.
    Result<size_t> write(File& file, Bytes data);
    Result<void> seek(File& file, uint32_t position);
    Result<void> truncate(File& file, uint32_t size);

    Result<void> mkdir(StringView path);
    // Removes a file, or a directory that is empty.
    Result<void> unlink(StringView path);
    // Moves within or across directories. An existing file target is replaced; an existing
    // directory target only if both are directories and the target is empty.
    Result<void> rename(StringView from, StringView to);

    Result<DirectoryListing> open_directory(StringView path);
    // False when the listing is exhausted. "." and ".." are listed as stored.
    Result<bool> read_directory(DirectoryListing& listing, ListedEntry& out);

    // Counts free clusters on the first call after a read-only mount (a pass over the FAT).
    Result<VolumeInfo> info();
    bool is_mounted() const { return m_mounted; }
    const char* problem() const { return m_core.problem.reason; }

private:
    struct Resolved {
        bool is_root;
        uint32_t parent; // directory holding `entry` (unused for the root)
        DirEntry entry;
        uint32_t cluster() const;
        bool is_directory() const { return is_root || entry.is_directory(); }
    };

    Result<void> check_writable();
    Result<void> resolve(StringView path, Resolved& out);
    // Resolves everything but the last component, which must be a plain name.
    Result<void> resolve_parent(StringView path, uint32_t& parent, StringView& leaf);
    Result<void> write_fsinfo();
    Result<void> flush_device();
    Result<void> set_clean_bit(bool clean);
    Result<uint32_t> cluster_at(File& file, uint32_t index);
    Result<void> ensure_clusters(File& file, uint32_t bytes);
    Result<void> trim_chain(File& file, uint32_t bytes);
    // Copies `length` bytes of `data` (zeros if nullptr) to `position`; the clusters must exist.
    Result<void> copy_into(File& file, uint32_t position, const uint8_t* data, uint32_t length);
    Result<void> check_file_writable(const File& file);
    Result<void> store_file_entry(File& file);
    Result<bool> is_inside(uint32_t directory, uint32_t ancestor);
    Stat stat_of(const DirEntry& entry) const;
    DirEntry fresh_entry(uint8_t attributes, uint32_t cluster) const;

    VolumeCore m_core;
    bool m_mounted = false;
    bool m_fsinfo_valid = false;
    bool m_was_clean = false;
};

} // namespace mica::fs::fat32
