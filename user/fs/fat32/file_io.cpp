// Files: open/create, read, write (extending the chain), seek and truncate.

#include <fs/fat32/layout.h>
#include <fs/fat32/volume.h>

#include <lib/bytes.h>

namespace mica::fs::fat32 {

namespace {

constexpr uint32_t kMaxFileSize = 0xffffffff; // the size field is 32 bits

File file_from(uint32_t directory, const DirEntry& entry) {
    return File{.directory = directory,
                .entry_index = entry.index,
                .first_cluster = entry.first_cluster,
                .size = entry.size,
                .position = 0,
                .attributes = entry.attributes,
                .cursor_index = 0,
                .cursor_cluster = 0,
                .known_clusters = 0,
                .last_cluster = 0};
}

uint32_t clusters_for(uint64_t bytes, uint32_t cluster_bytes) {
    return uint32_t((bytes + cluster_bytes - 1) / cluster_bytes);
}

} // namespace

Result<File> Volume::open(StringView path, OpenOptions options) {
    Resolved resolved;
    auto found = resolve(path, resolved);
    if (found.is_error()) {
        if (found.error() != Error::NotFound || !options.create)
            return found.error();
        TRY(check_writable());
        uint32_t parent;
        StringView leaf;
        TRY(resolve_parent(path, parent, leaf));
        DirEntry entry = fresh_entry(dirent::kArchive, 0);
        TRY(add_entry(m_core, parent, leaf, entry));
        return file_from(parent, entry);
    }
    if (resolved.is_directory())
        return m_core.problem.fail(kIsDirectory, "is a directory");
    if (options.create && options.exclusive)
        return m_core.problem.fail(Error::AlreadyExists, "file exists");
    File file = file_from(resolved.parent, resolved.entry);
    if (file.size > 0 && file.first_cluster == 0)
        return m_core.problem.fail(kCorrupt, "file has data but no cluster");
    if (file.first_cluster != 0) {
        // Measured once here, so reads and writes meet a loop or a short chain as a clear error
        // at open rather than as wrong data.
        uint32_t length = TRY(m_core.fat.chain_length(file.first_cluster));
        if (length < clusters_for(file.size, m_core.geometry.cluster_bytes()))
            return m_core.problem.fail(kCorrupt, "cluster chain is shorter than the file size");
    }
    if (options.truncate)
        TRY(truncate(file, 0));
    return file;
}

Result<uint32_t> Volume::cluster_at(File& file, uint32_t index) {
    if (!m_core.geometry.is_cluster(file.first_cluster))
        return m_core.problem.fail(kCorrupt, "file has data but its first cluster is invalid");
    if (index >= m_core.geometry.cluster_count)
        return m_core.problem.fail(kCorrupt, "file is larger than the volume (looping chain?)");
    if (file.cursor_cluster == 0 || index < file.cursor_index) {
        file.cursor_index = 0;
        file.cursor_cluster = file.first_cluster;
    }
    while (file.cursor_index < index) {
        uint32_t next = TRY(m_core.fat.next(file.cursor_cluster));
        if (next == 0)
            return m_core.problem.fail(kCorrupt, "cluster chain is shorter than the file size");
        file.cursor_cluster = next;
        ++file.cursor_index;
    }
    return file.cursor_cluster;
}

Result<size_t> Volume::read(File& file, Span<uint8_t> buffer) {
    if (!m_mounted)
        return m_core.problem.fail(Error::BadState, "volume is not mounted");
    if (file.position >= file.size)
        return size_t(0);
    uint32_t left = file.size - file.position;
    uint32_t total = buffer.size() < left ? uint32_t(buffer.size()) : left;
    const Geometry& g = m_core.geometry;
    uint32_t done = 0;
    while (done < total) {
        uint32_t position = file.position + done;
        uint32_t cluster = TRY(cluster_at(file, position / g.cluster_bytes()));
        uint32_t in_cluster = position % g.cluster_bytes();
        uint32_t offset = in_cluster % g.bytes_per_sector;
        uint32_t chunk = g.bytes_per_sector - offset;
        if (chunk > total - done)
            chunk = total - done;
        TRY(m_core.cache.read(m_core.sector_in_cluster(cluster, in_cluster), offset,
                              buffer.subspan(done, chunk)));
        done += chunk;
    }
    file.position += done;
    return size_t(done);
}

Result<void> Volume::copy_into(File& file, uint32_t position, const uint8_t* data,
                               uint32_t length) {
    static const uint8_t kZeros[512] = {};
    const Geometry& g = m_core.geometry;
    uint32_t done = 0;
    while (done < length) {
        uint32_t at = position + done;
        uint32_t cluster = TRY(cluster_at(file, at / g.cluster_bytes()));
        uint32_t in_cluster = at % g.cluster_bytes();
        uint32_t offset = in_cluster % g.bytes_per_sector;
        uint32_t chunk = g.bytes_per_sector - offset;
        if (chunk > length - done)
            chunk = length - done;
        if (!data && chunk > sizeof(kZeros))
            chunk = sizeof(kZeros);
        Bytes source(data ? data + done : kZeros, chunk);
        TRY(m_core.cache.write(m_core.sector_in_cluster(cluster, in_cluster), offset, source));
        done += chunk;
    }
    return {};
}

Result<void> Volume::ensure_clusters(File& file, uint32_t bytes) {
    uint32_t needed = clusters_for(bytes, m_core.geometry.cluster_bytes());
    if (file.first_cluster == 0) {
        file.known_clusters = 0;
        file.last_cluster = 0;
    } else if (file.known_clusters == 0) {
        file.known_clusters = TRY(m_core.fat.chain_length(file.first_cluster));
        file.last_cluster = TRY(m_core.fat.walk(file.first_cluster, file.known_clusters - 1));
    }
    if (needed <= file.known_clusters)
        return {};
    uint32_t extra = needed - file.known_clusters;
    if (extra > TRY(m_core.fat.free_clusters()))
        return m_core.problem.fail(kNoSpace, "not enough free clusters for the write");
    uint32_t had = file.known_clusters;
    uint32_t old_last = file.last_cluster;
    uint32_t first_new = 0;
    for (uint32_t i = 0; i < extra; ++i) {
        auto cluster = m_core.fat.allocate(file.last_cluster);
        if (cluster.is_error()) {
            // Give back what this call took, so no cluster is lost.
            Error error = cluster.error();
            const char* why = m_core.problem.reason;
            if (had == 0 && first_new != 0) {
                (void)m_core.fat.free_chain(first_new);
                file.first_cluster = 0;
            } else if (had != 0) {
                (void)m_core.fat.cut_after(old_last);
            }
            file.known_clusters = had;
            file.last_cluster = old_last;
            file.cursor_cluster = 0;
            m_core.problem.reason = why;
            return error;
        }
        if (first_new == 0)
            first_new = cluster.value();
        if (file.first_cluster == 0)
            file.first_cluster = cluster.value();
        file.last_cluster = cluster.value();
        ++file.known_clusters;
    }
    return {};
}

Result<void> Volume::trim_chain(File& file, uint32_t bytes) {
    uint32_t keep = clusters_for(bytes, m_core.geometry.cluster_bytes());
    file.cursor_cluster = 0;
    if (file.first_cluster == 0)
        return {};
    if (keep == 0) {
        TRY(m_core.fat.free_chain(file.first_cluster));
        file.first_cluster = 0;
        file.known_clusters = 0;
        file.last_cluster = 0;
        return {};
    }
    uint32_t last = TRY(m_core.fat.walk(file.first_cluster, keep - 1));
    TRY(m_core.fat.cut_after(last));
    file.known_clusters = keep;
    file.last_cluster = last;
    return {};
}

Result<void> Volume::store_file_entry(File& file) {
    DirectoryCursor cursor(m_core, file.directory);
    uint8_t raw[dirent::kSize];
    if (!TRY(cursor.read_raw(file.entry_index, raw)))
        return m_core.problem.fail(kCorrupt, "the file's directory entry vanished");
    FatTimestamp now = m_core.now();
    raw[dirent::kAttributes] = uint8_t(raw[dirent::kAttributes] | dirent::kArchive);
    raw[dirent::kClusterHigh] = uint8_t(file.first_cluster >> 16);
    raw[dirent::kClusterHigh + 1] = uint8_t(file.first_cluster >> 24);
    raw[dirent::kClusterLow] = uint8_t(file.first_cluster);
    raw[dirent::kClusterLow + 1] = uint8_t(file.first_cluster >> 8);
    for (int i = 0; i < 4; ++i)
        raw[dirent::kFileSize + i] = uint8_t(file.size >> (8 * i));
    raw[dirent::kWriteTime] = uint8_t(now.time);
    raw[dirent::kWriteTime + 1] = uint8_t(now.time >> 8);
    raw[dirent::kWriteDate] = uint8_t(now.date);
    raw[dirent::kWriteDate + 1] = uint8_t(now.date >> 8);
    raw[dirent::kAccessDate] = uint8_t(now.date);
    raw[dirent::kAccessDate + 1] = uint8_t(now.date >> 8);
    file.attributes = raw[dirent::kAttributes];
    return cursor.write_raw(file.entry_index, raw);
}

Result<void> Volume::check_file_writable(const File& file) {
    TRY(check_writable());
    if (file.attributes & dirent::kReadOnly)
        return m_core.problem.fail(kReadOnly, "file has the read-only attribute");
    return {};
}

Result<size_t> Volume::write(File& file, Bytes data) {
    TRY(check_file_writable(file));
    if (data.is_empty())
        return size_t(0);
    if (data.size() > kMaxFileSize - file.position)
        return m_core.problem.fail(Error::OutOfRange, "FAT32 files end at 4 GiB - 1");
    uint32_t end = file.position + uint32_t(data.size());
    uint32_t old_size = file.size;
    TRY(ensure_clusters(file, end > old_size ? end : old_size));
    auto copied = [&]() -> Result<void> {
        if (file.position > old_size)
            TRY(copy_into(file, old_size, nullptr, file.position - old_size));
        return copy_into(file, file.position, data.data(), uint32_t(data.size()));
    }();
    if (copied.is_error()) {
        const char* why = m_core.problem.reason;
        (void)trim_chain(file, old_size);
        m_core.problem.reason = why;
        return copied.error();
    }
    file.position = end;
    if (end > file.size)
        file.size = end;
    TRY(store_file_entry(file));
    return data.size();
}

Result<void> Volume::seek(File& file, uint32_t position) {
    if (!m_mounted)
        return m_core.problem.fail(Error::BadState, "volume is not mounted");
    file.position = position;
    return {};
}

Result<void> Volume::truncate(File& file, uint32_t size) {
    TRY(check_file_writable(file));
    if (size > file.size) {
        uint32_t old_size = file.size;
        TRY(ensure_clusters(file, size));
        if (auto zeroed = copy_into(file, old_size, nullptr, size - old_size); zeroed.is_error()) {
            const char* why = m_core.problem.reason;
            (void)trim_chain(file, old_size);
            m_core.problem.reason = why;
            return zeroed.error();
        }
    } else {
        TRY(trim_chain(file, size));
    }
    file.size = size;
    return store_file_entry(file);
}

} // namespace mica::fs::fat32
