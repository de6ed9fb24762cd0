#include <fs/fat32/directory.h>

namespace mica::fs::fat32 {

Result<bool> DirectoryCursor::locate(uint32_t index, uint64_t& sector, uint32_t& offset) {
    const Geometry& g = m_core->geometry;
    if (m_length == 0) {
        // Once per cursor: a looping or oversized chain is refused before any entry is used.
        if (!g.is_cluster(m_first))
            return m_core->problem.fail(kCorrupt, "directory starts at an out-of-range cluster");
        m_length = TRY(m_core->fat.chain_length(m_first));
        if (uint64_t(m_length) * (g.cluster_bytes() / dirent::kSize) >
            dirent::kMaxDirectoryEntries + g.cluster_bytes() / dirent::kSize)
            return m_core->problem.fail(kCorrupt, "directory is larger than 65536 entries");
        m_cluster = m_first;
        m_cluster_index = 0;
    }
    uint64_t byte = uint64_t(index) * dirent::kSize;
    uint64_t wanted = byte / g.cluster_bytes();
    if (wanted >= m_length)
        return false;
    if (wanted < m_cluster_index) {
        m_cluster = m_first;
        m_cluster_index = 0;
    }
    while (m_cluster_index < wanted) {
        uint32_t next = TRY(m_core->fat.next(m_cluster));
        if (next == 0) // the chain changed under us: it is shorter than measured
            return m_core->problem.fail(kCorrupt, "directory chain ended early");
        m_cluster = next;
        ++m_cluster_index;
    }
    uint32_t in_cluster = uint32_t(byte % g.cluster_bytes());
    sector = m_core->sector_in_cluster(m_cluster, in_cluster);
    offset = in_cluster % g.bytes_per_sector;
    return true;
}

Result<bool> DirectoryCursor::read_raw(uint32_t index, uint8_t out[dirent::kSize]) {
    uint64_t sector;
    uint32_t offset;
    if (!TRY(locate(index, sector, offset)))
        return false;
    TRY(m_core->cache.read(sector, offset, Span<uint8_t>(out, dirent::kSize)));
    return true;
}

Result<void> DirectoryCursor::write_raw(uint32_t index, const uint8_t entry[dirent::kSize]) {
    uint64_t sector;
    uint32_t offset;
    if (!TRY(locate(index, sector, offset)))
        return m_core->problem.fail(Error::OutOfRange, "directory entry past the chain's end");
    return m_core->cache.write(sector, offset, Bytes(entry, dirent::kSize));
}

} // namespace mica::fs::fat32
