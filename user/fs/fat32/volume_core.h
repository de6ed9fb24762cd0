#pragma once
// The state every part of a mounted volume shares: where things are (Geometry), the sector
// cache, the FAT, the clock and the explanation of the last failure. Volume owns one; the
// directory code takes it by reference.

#include <fs/fat32/block_cache.h>
#include <fs/fat32/boot_sector.h>
#include <fs/fat32/clock.h>
#include <fs/fat32/fat_table.h>
#include <fs/fat32/problem.h>

namespace mica::fs::fat32 {

struct VolumeCore {
    BlockDevice* device = nullptr;
    Geometry geometry{};
    BlockCache cache;
    FatTable fat;
    Problem problem;
    Clock* clock = nullptr;
    bool read_only = true;

    FatTimestamp now() const { return encode_timestamp(clock ? clock->now() : DateTime{}); }
    // Sector holding byte `offset` of `cluster`.
    uint64_t sector_in_cluster(uint32_t cluster, uint32_t offset) const {
        return geometry.cluster_sector(cluster) + offset / geometry.bytes_per_sector;
    }
    // Zeroes a whole cluster (new directory clusters must not show stale entries).
    Result<void> zero_cluster(uint32_t cluster) {
        for (uint32_t s = 0; s < geometry.sectors_per_cluster; ++s)
            TRY(cache.fill(geometry.cluster_sector(cluster) + s, 0));
        return {};
    }
};

} // namespace mica::fs::fat32
