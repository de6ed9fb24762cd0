// Path resolution. FAT has no links, so "." and ".." are removed lexically before any lookup;
// ".." at the root stays at the root.

#include <fs/fat32/volume.h>

namespace mica::fs::fat32 {

namespace {

constexpr size_t kMaxDepth = 64;

struct Components {
    StringView items[kMaxDepth];
    size_t count = 0;
};

Result<void> split(StringView path, Components& out, Problem& problem) {
    out.count = 0;
    size_t start = 0;
    while (start <= path.length()) {
        size_t slash = path.find('/', start);
        size_t end = slash == StringView::kNotFound ? path.length() : slash;
        StringView part = path.substring(start, end - start);
        if (part == "..") {
            if (out.count > 0)
                --out.count;
        } else if (!part.is_empty() && part != ".") {
            if (out.count == kMaxDepth)
                return problem.fail(kBadName, "path is nested more than 64 levels deep");
            out.items[out.count++] = part;
        }
        if (slash == StringView::kNotFound)
            break;
        start = slash + 1;
    }
    return {};
}

} // namespace

Result<void> Volume::resolve(StringView path, Resolved& out) {
    if (!m_mounted)
        return m_core.problem.fail(Error::BadState, "volume is not mounted");
    Components components;
    TRY(split(path, components, m_core.problem));
    out.is_root = true;
    out.parent = 0;
    out.entry = fresh_entry(dirent::kDirectory, m_core.geometry.root_cluster);
    out.entry.name[0] = '\0';
    out.entry.name_length = 0;
    for (size_t i = 0; i < components.count; ++i) {
        if (!out.is_directory())
            return m_core.problem.fail(kNotDirectory, "a path component is a file");
        uint32_t directory = out.cluster();
        if (!TRY(find_entry(m_core, directory, components.items[i], out.entry)))
            return m_core.problem.fail(Error::NotFound, "no such file or directory");
        out.is_root = false;
        out.parent = directory;
        if (out.entry.is_directory() && !m_core.geometry.is_cluster(out.entry.first_cluster))
            return m_core.problem.fail(kCorrupt, "directory entry has an out-of-range cluster");
    }
    return {};
}

Result<void> Volume::resolve_parent(StringView path, uint32_t& parent, StringView& leaf) {
    if (!m_mounted)
        return m_core.problem.fail(Error::BadState, "volume is not mounted");
    Components components;
    TRY(split(path, components, m_core.problem));
    if (components.count == 0)
        return m_core.problem.fail(kBadName, "the root directory has no name to use here");
    leaf = components.items[components.count - 1];
    parent = m_core.geometry.root_cluster;
    if (components.count == 1)
        return {};
    Resolved resolved;
    resolved.is_root = true;
    resolved.parent = 0;
    resolved.entry = fresh_entry(dirent::kDirectory, m_core.geometry.root_cluster);
    for (size_t i = 0; i + 1 < components.count; ++i) {
        uint32_t directory = resolved.cluster();
        if (!TRY(find_entry(m_core, directory, components.items[i], resolved.entry)))
            return m_core.problem.fail(Error::NotFound, "no such directory");
        resolved.is_root = false;
        if (!resolved.entry.is_directory())
            return m_core.problem.fail(kNotDirectory, "a path component is a file");
        if (!m_core.geometry.is_cluster(resolved.entry.first_cluster))
            return m_core.problem.fail(kCorrupt, "directory entry has an out-of-range cluster");
    }
    parent = resolved.cluster();
    return {};
}

} // namespace mica::fs::fat32
