// Operations on the directory tree: stat, listing, mkdir, unlink and rename.

#include <fs/fat32/layout.h>
#include <fs/fat32/volume.h>

#include <lib/bytes.h>

namespace mica::fs::fat32 {

namespace {

// "." and ".." of a new directory (FAT spec, "FAT Directory Structure": ".." of a directory
// in the root points at cluster 0, not at the root's cluster).
void dot_name(uint8_t out[kShortNameLength], size_t dots) {
    __builtin_memset(out, ' ', kShortNameLength);
    for (size_t i = 0; i < dots; ++i)
        out[i] = '.';
}

} // namespace

Result<Stat> Volume::stat(StringView path) {
    Resolved resolved;
    TRY(resolve(path, resolved));
    return stat_of(resolved.entry);
}

Result<DirectoryListing> Volume::open_directory(StringView path) {
    Resolved resolved;
    TRY(resolve(path, resolved));
    if (!resolved.is_directory())
        return m_core.problem.fail(kNotDirectory, "not a directory");
    return DirectoryListing{.cluster = resolved.cluster(), .next_index = 0};
}

Result<bool> Volume::read_directory(DirectoryListing& listing, ListedEntry& out) {
    if (!m_mounted)
        return m_core.problem.fail(Error::BadState, "volume is not mounted");
    DirectoryCursor cursor(m_core, listing.cluster);
    DirEntry entry;
    if (!TRY(next_entry(cursor, listing.next_index, entry)))
        return false;
    __builtin_memcpy(out.name, entry.name, entry.name_length + 1);
    out.name_length = entry.name_length;
    out.stat = stat_of(entry);
    return true;
}

Result<void> Volume::mkdir(StringView path) {
    TRY(check_writable());
    uint32_t parent;
    StringView leaf;
    TRY(resolve_parent(path, parent, leaf));
    DirEntry existing;
    if (TRY(find_entry(m_core, parent, leaf, existing)))
        return m_core.problem.fail(Error::AlreadyExists, "a file or directory of that name exists");
    if (const char* why = check_long_name(leaf))
        return m_core.problem.fail(kBadName, why);
    uint32_t cluster = TRY(m_core.fat.allocate(0));
    auto built = [&]() -> Result<void> {
        TRY(m_core.zero_cluster(cluster));
        DirEntry entry = fresh_entry(dirent::kDirectory, cluster);
        uint8_t raw[dirent::kSize];
        uint8_t name[kShortNameLength];
        DirectoryCursor cursor(m_core, cluster);
        dot_name(name, 1);
        encode_short_entry(entry, name, raw);
        TRY(cursor.write_raw(0, raw));
        DirEntry up = entry;
        up.first_cluster = parent == m_core.geometry.root_cluster ? 0 : parent;
        dot_name(name, 2);
        encode_short_entry(up, name, raw);
        TRY(cursor.write_raw(1, raw));
        return add_entry(m_core, parent, leaf, entry);
    }();
    if (built.is_error()) {
        const char* why = m_core.problem.reason;
        (void)m_core.fat.free_chain(cluster);
        m_core.problem.reason = why;
        return built.error();
    }
    return {};
}

Result<void> Volume::unlink(StringView path) {
    TRY(check_writable());
    Resolved resolved;
    TRY(resolve(path, resolved));
    if (resolved.is_root)
        return m_core.problem.fail(Error::InvalidArgument, "cannot remove the root directory");
    if (resolved.entry.is_directory() && !TRY(is_empty_directory(m_core, resolved.cluster())))
        return m_core.problem.fail(kNotEmpty, "directory is not empty");
    // Entries first: a crash in between leaves lost clusters (fsck reclaims them), never a name
    // pointing at freed clusters.
    TRY(remove_entry(m_core, resolved.parent, resolved.entry));
    if (resolved.entry.first_cluster != 0)
        TRY(m_core.fat.free_chain(resolved.entry.first_cluster));
    return {};
}

// True if `directory` is `ancestor` or lies below it, following ".." entries up to the root.
Result<bool> Volume::is_inside(uint32_t directory, uint32_t ancestor) {
    uint32_t root = m_core.geometry.root_cluster;
    for (uint32_t depth = 0; depth <= m_core.geometry.cluster_count; ++depth) {
        if (directory == ancestor)
            return true;
        if (directory == root)
            return false;
        DirEntry up;
        if (!TRY(find_entry(m_core, directory, "..", up)))
            return m_core.problem.fail(kCorrupt, "directory has no \"..\" entry");
        directory = up.first_cluster == 0 ? root : up.first_cluster;
    }
    return m_core.problem.fail(kCorrupt, "directory \"..\" entries form a loop");
}

Result<void> Volume::rename(StringView from, StringView to) {
    TRY(check_writable());
    Resolved source;
    TRY(resolve(from, source));
    if (source.is_root)
        return m_core.problem.fail(Error::InvalidArgument, "cannot rename the root directory");
    uint32_t parent;
    StringView leaf;
    TRY(resolve_parent(to, parent, leaf));
    if (const char* why = check_long_name(leaf))
        return m_core.problem.fail(kBadName, why);
    bool is_directory = source.entry.is_directory();
    if (is_directory && TRY(is_inside(parent, source.cluster())))
        return m_core.problem.fail(Error::InvalidArgument,
                                   "cannot move a directory into itself or below it");
    DirEntry target;
    if (TRY(find_entry(m_core, parent, leaf, target))) {
        bool same = parent == source.parent && target.index == source.entry.index;
        if (!same) {
            if (target.is_directory() != is_directory)
                return m_core.problem.fail(target.is_directory() ? kIsDirectory : kNotDirectory,
                                           "rename between a file and a directory");
            if (is_directory && !TRY(is_empty_directory(m_core, target.first_cluster)))
                return m_core.problem.fail(kNotEmpty, "target directory is not empty");
            TRY(remove_entry(m_core, parent, target));
            if (target.first_cluster != 0)
                TRY(m_core.fat.free_chain(target.first_cluster));
        }
    }
    // New name first, old name second: a crash in between leaves two names for one chain, which
    // fsck reports, rather than a lost file.
    DirEntry moved = source.entry;
    TRY(add_entry(m_core, parent, leaf, moved));
    TRY(remove_entry(m_core, source.parent, source.entry));
    if (is_directory && parent != source.parent) {
        DirectoryCursor cursor(m_core, source.cluster());
        uint8_t raw[dirent::kSize];
        if (!TRY(cursor.read_raw(1, raw)) || raw[0] != '.' || raw[1] != '.')
            return m_core.problem.fail(kCorrupt, "directory has no \"..\" entry");
        uint32_t up = parent == m_core.geometry.root_cluster ? 0 : parent;
        raw[dirent::kClusterHigh] = uint8_t(up >> 16);
        raw[dirent::kClusterHigh + 1] = uint8_t(up >> 24);
        raw[dirent::kClusterLow] = uint8_t(up);
        raw[dirent::kClusterLow + 1] = uint8_t(up >> 8);
        TRY(cursor.write_raw(1, raw));
    }
    return {};
}

} // namespace mica::fs::fat32
