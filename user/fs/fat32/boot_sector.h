#pragma once
// Validating a FAT32 boot sector and deriving where everything lies. Every refusal comes with a
// sentence naming the field, e.g. "bytes per sector is not a power of two in 512..4096".

#include <lib/result.h>
#include <lib/span.h>

namespace mica::fs::fat32 {

struct Geometry {
    uint32_t bytes_per_sector;
    uint32_t sectors_per_cluster;
    uint32_t reserved_sectors;
    uint32_t fat_count;
    uint32_t fat_sectors; // per copy
    uint32_t total_sectors;
    uint32_t root_cluster;
    uint32_t fsinfo_sector; // 0: none
    uint32_t first_data_sector;
    uint32_t cluster_count; // N: clusters 2..N+1 exist
    uint32_t volume_id;
    uint8_t label[11];

    uint32_t cluster_bytes() const { return bytes_per_sector * sectors_per_cluster; }
    uint32_t max_cluster() const { return cluster_count + 1; }
    bool is_cluster(uint32_t cluster) const { return cluster >= 2 && cluster <= max_cluster(); }
    uint64_t cluster_sector(uint32_t cluster) const {
        return first_data_sector + uint64_t(cluster - 2) * sectors_per_cluster;
    }
};

// `sector` holds at least the first 512 bytes of the volume; `volume_bytes` is the size of the
// device (or partition) that holds it.
Result<Geometry> parse_boot_sector(Bytes sector, uint64_t volume_bytes, const char** reason);

} // namespace mica::fs::fat32
