#pragma once
// Directories: a cluster chain of 32-byte entries. A name is a run of long-name entries (in
// reverse order, each with the short name's checksum) followed by its short entry; stale or
// mismatched long-name runs are ignored and the short name is used, as the specification asks.
// Entries are addressed by their index in the directory.

#include <fs/fat32/layout.h>
#include <fs/fat32/names.h>
#include <fs/fat32/volume_core.h>

namespace mica::fs::fat32 {

// One named entry, long name assembled, with where it lives.
struct DirEntry {
    char name[kMaxNameBytes];
    size_t name_length;
    uint8_t short_name[kShortNameLength];
    uint8_t nt_case;
    uint8_t attributes;
    uint32_t first_cluster;
    uint32_t size;
    uint8_t create_tenths;
    uint16_t create_time, create_date, access_date, write_time, write_date;
    uint32_t index;       // the short entry
    uint32_t first_index; // the first long-name entry, or `index` if there is none

    StringView name_view() const { return StringView(name, name_length); }
    bool is_directory() const { return attributes & dirent::kDirectory; }
};

// Sequential access to a directory's raw entries: following the chain costs one FAT lookup per
// cluster crossed, and the walk stops with an error if the chain loops.
class DirectoryCursor {
public:
    DirectoryCursor(VolumeCore& core, uint32_t first_cluster)
        : m_core(&core), m_first(first_cluster) {}

    // Sector and byte offset of entry `index`; false past the end of the chain.
    Result<bool> locate(uint32_t index, uint64_t& sector, uint32_t& offset);
    Result<bool> read_raw(uint32_t index, uint8_t out[dirent::kSize]);
    Result<void> write_raw(uint32_t index, const uint8_t entry[dirent::kSize]);
    uint32_t first_cluster() const { return m_first; }

private:
    VolumeCore* m_core;
    uint32_t m_first;
    uint32_t m_cluster_index = 0; // cached position: the `m_cluster_index`th cluster is m_cluster
    uint32_t m_cluster = 0;
    uint32_t m_length = 0; // clusters in the chain, 0 until checked
};

// Reads the next named entry at or after `index` (skipping free, deleted and volume-label
// entries) and moves `index` past it. False at the end of the directory.
Result<bool> next_entry(DirectoryCursor& cursor, uint32_t& index, DirEntry& out);

// Looks `name` up, matching long or short names without regard to ASCII case.
Result<bool> find_entry(VolumeCore& core, uint32_t directory, StringView name, DirEntry& out);

// Creates entries for `name` (which must be valid and absent) with the attributes, cluster,
// size and times in `fields`; fills in the names and indices of `fields`. Grows the directory
// when it has no run of free entries long enough.
Result<void> add_entry(VolumeCore& core, uint32_t directory, StringView name, DirEntry& fields);

// Marks the entry and its long-name entries deleted.
Result<void> remove_entry(VolumeCore& core, uint32_t directory, const DirEntry& entry);

// Writes attributes, cluster, size and times of `entry` back to its short entry.
Result<void> update_entry(VolumeCore& core, uint32_t directory, const DirEntry& entry);

// True if the directory holds nothing but "." and "..".
Result<bool> is_empty_directory(VolumeCore& core, uint32_t directory);

// Builds a short entry in `out` from `fields` and an 11-byte name.
void encode_short_entry(const DirEntry& fields, const uint8_t name[kShortNameLength],
                        uint8_t out[dirent::kSize]);

} // namespace mica::fs::fat32
