#include <fs/fat32/fat_table.h>
#include <fs/fat32/layout.h>

#include <lib/bytes.h>

namespace mica::fs::fat32 {

void FatTable::init(BlockCache& cache, const Geometry& geometry, Problem& problem) {
    m_cache = &cache;
    m_geometry = &geometry;
    m_problem = &problem;
    m_free_known = false;
    m_free_count = 0;
    m_next_free = 2;
}

Result<uint32_t> FatTable::entry(uint32_t index) {
    uint64_t byte = uint64_t(index) * 4;
    uint8_t raw[4];
    TRY(m_cache->read(m_geometry->reserved_sectors + byte / m_geometry->bytes_per_sector,
                      uint32_t(byte % m_geometry->bytes_per_sector), Span<uint8_t>(raw, 4)));
    return load_le32(raw);
}

Result<void> FatTable::set_entry(uint32_t index, uint32_t value) {
    uint32_t old = TRY(entry(index));
    uint32_t merged = (old & ~fat::kMask) | (value & fat::kMask);
    uint8_t raw[4] = {uint8_t(merged), uint8_t(merged >> 8), uint8_t(merged >> 16),
                      uint8_t(merged >> 24)};
    uint64_t byte = uint64_t(index) * 4;
    return m_cache->write(m_geometry->reserved_sectors + byte / m_geometry->bytes_per_sector,
                          uint32_t(byte % m_geometry->bytes_per_sector), Bytes(raw, 4));
}

Result<uint32_t> FatTable::next(uint32_t cluster) {
    if (!m_geometry->is_cluster(cluster))
        return m_problem->fail(kCorrupt, "cluster number out of range (outside 2..N+1)");
    uint32_t value = TRY(entry(cluster)) & fat::kMask;
    if (value >= fat::kEndOfChainMin)
        return 0u;
    if (value == fat::kFree)
        return m_problem->fail(kCorrupt, "cluster chain runs into a free cluster");
    if (value == fat::kBad)
        return m_problem->fail(kCorrupt, "cluster chain runs into a cluster marked bad");
    if (!m_geometry->is_cluster(value))
        return m_problem->fail(kCorrupt, "cluster chain points outside 2..N+1 (or to a reserved "
                                         "value)");
    return value;
}

Result<uint32_t> FatTable::chain_length(uint32_t first) {
    // Brent's cycle detection: compare each cluster with one saved at power-of-two distances,
    // so a loop is found after about twice its lead-in plus its length, not after walking as
    // many links as the volume has clusters. That bound stays as the backstop.
    uint32_t saved = first;
    uint32_t power = 1;
    uint32_t since_saved = 0;
    uint32_t length = 1;
    for (uint32_t cluster = first;;) {
        uint32_t following = TRY(next(cluster));
        if (following == 0)
            return length;
        if (following == saved || ++length > m_geometry->cluster_count)
            return m_problem->fail(kCorrupt, "cluster chain loops (longer than the volume)");
        if (++since_saved == power) {
            saved = following;
            power *= 2;
            since_saved = 0;
        }
        cluster = following;
    }
}

Result<uint32_t> FatTable::walk(uint32_t first, uint32_t steps) {
    if (steps > m_geometry->cluster_count)
        return m_problem->fail(kCorrupt, "cluster chain loops (longer than the volume)");
    uint32_t cluster = first;
    for (uint32_t i = 0; i < steps; ++i) {
        cluster = TRY(next(cluster));
        if (cluster == 0)
            return m_problem->fail(kCorrupt, "cluster chain is shorter than the data it holds");
    }
    if (!m_geometry->is_cluster(cluster))
        return m_problem->fail(kCorrupt, "cluster number out of range (outside 2..N+1)");
    return cluster;
}

Result<void> FatTable::count_free() {
    // Sector by sector in 512-byte pieces: one cache lookup per 128 entries, little stack.
    uint32_t free = 0;
    uint32_t first_free = 0;
    uint32_t end = m_geometry->max_cluster() + 1;
    uint8_t chunk[512];
    uint32_t per_sector = m_geometry->bytes_per_sector / 4;
    for (uint32_t base = 0; base < end; base += 128) {
        uint32_t sector = base / per_sector;
        uint32_t offset = (base % per_sector) * 4;
        TRY(m_cache->read(m_geometry->reserved_sectors + sector, offset, Span<uint8_t>(chunk)));
        for (uint32_t i = 0; i < 128 && base + i < end; ++i) {
            uint32_t cluster = base + i;
            if (cluster < 2)
                continue;
            if ((load_le32(chunk + i * 4) & fat::kMask) == fat::kFree) {
                ++free;
                if (first_free == 0)
                    first_free = cluster;
            }
        }
    }
    m_free_count = free;
    m_free_known = true;
    if (!m_geometry->is_cluster(m_next_free) || first_free == 0)
        m_next_free = first_free ? first_free : 2;
    return {};
}

Result<uint32_t> FatTable::free_clusters() {
    if (!m_free_known)
        TRY(count_free());
    return m_free_count;
}

Result<uint32_t> FatTable::allocate(uint32_t previous) {
    if (TRY(free_clusters()) == 0)
        return m_problem->fail(kNoSpace, "no free cluster left on the volume");
    uint32_t count = m_geometry->cluster_count;
    uint32_t start = m_geometry->is_cluster(m_next_free) ? m_next_free : 2;
    for (uint32_t i = 0; i < count; ++i) {
        uint32_t cluster = 2 + (start - 2 + i) % count;
        if ((TRY(entry(cluster)) & fat::kMask) != fat::kFree)
            continue;
        TRY(set_entry(cluster, fat::kEndOfChain));
        if (previous != 0)
            TRY(set_entry(previous, cluster));
        --m_free_count;
        m_next_free = cluster < m_geometry->max_cluster() ? cluster + 1 : 2;
        return cluster;
    }
    // The count said there was room and the table disagrees: trust the table from now on.
    m_free_count = 0;
    return m_problem->fail(kNoSpace, "no free cluster left on the volume");
}

Result<void> FatTable::free_chain(uint32_t first) {
    uint32_t cluster = first;
    for (uint32_t steps = 0; cluster != 0; ++steps) {
        if (steps > m_geometry->cluster_count)
            return m_problem->fail(kCorrupt, "cluster chain loops (longer than the volume)");
        // A loop ends here too: freeing breaks it, and the next visit finds a free cluster.
        uint32_t following = TRY(next(cluster));
        TRY(free_clusters()); // so the count below starts from a known figure
        TRY(set_entry(cluster, fat::kFree));
        ++m_free_count;
        cluster = following;
    }
    return {};
}

Result<void> FatTable::cut_after(uint32_t last) {
    uint32_t rest = TRY(next(last));
    TRY(set_entry(last, fat::kEndOfChain));
    if (rest != 0)
        TRY(free_chain(rest));
    return {};
}

} // namespace mica::fs::fat32
