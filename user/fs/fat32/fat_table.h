#pragma once
// The file allocation table: reading and writing entries, following chains with range and loop
// checks, allocating and freeing clusters, and the free-cluster count that FSInfo publishes.
// Writes go to the first FAT through the BlockCache, which mirrors them to the other copies.

#include <fs/fat32/block_cache.h>
#include <fs/fat32/boot_sector.h>
#include <fs/fat32/problem.h>

namespace mica::fs::fat32 {

class FatTable {
public:
    void init(BlockCache& cache, const Geometry& geometry, Problem& problem);

    Result<uint32_t> entry(uint32_t index);
    // Keeps the entry's top four (reserved) bits as they are.
    Result<void> set_entry(uint32_t index, uint32_t value);

    // The cluster after `cluster` in its chain, or 0 at the end of the chain. A free, bad or
    // out-of-range successor is corruption.
    Result<uint32_t> next(uint32_t cluster);
    // Number of clusters in the chain from `first`; a chain longer than the volume has
    // clusters is a loop.
    Result<uint32_t> chain_length(uint32_t first);
    // The cluster `steps` links after `first`.
    Result<uint32_t> walk(uint32_t first, uint32_t steps);

    // Free clusters, counted by reading the whole FAT the first time it is needed (FSInfo's
    // figure is only a hint), then kept up to date.
    Result<uint32_t> free_clusters();
    // A free cluster, marked end-of-chain and linked after `previous` (0: starts a new chain).
    Result<uint32_t> allocate(uint32_t previous);
    // Frees `first` and everything after it.
    Result<void> free_chain(uint32_t first);
    // Ends the chain at `last` and frees what followed it.
    Result<void> cut_after(uint32_t last);

    uint32_t next_free_hint() const { return m_next_free; }
    // Takes FSInfo's figure instead of counting (MountOptions::trust_fsinfo).
    void assume_free_clusters(uint32_t count) {
        m_free_count = count;
        m_free_known = true;
    }
    void set_next_free_hint(uint32_t hint) {
        if (m_geometry->is_cluster(hint))
            m_next_free = hint;
    }

private:
    Result<void> count_free();

    BlockCache* m_cache = nullptr;
    const Geometry* m_geometry = nullptr;
    Problem* m_problem = nullptr;
    bool m_free_known = false;
    uint32_t m_free_count = 0;
    uint32_t m_next_free = 2;
};

} // namespace mica::fs::fat32
