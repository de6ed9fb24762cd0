#include <fs/fat32/boot_sector.h>
#include <fs/fat32/layout.h>

#include <lib/bytes.h>

namespace mica::fs::fat32 {

namespace {

bool is_power_of_two(uint32_t value) { return value != 0 && (value & (value - 1)) == 0; }

Error refuse(const char** reason, const char* why, Error error = Error::Malformed) {
    *reason = why;
    return error;
}

} // namespace

Result<Geometry> parse_boot_sector(Bytes sector, uint64_t volume_bytes, const char** reason) {
    if (sector.size() < 512)
        return refuse(reason, "boot sector: shorter than 512 bytes", Error::Truncated);
    const uint8_t* s = sector.data();
    if (s[bpb::kSignature] != 0x55 || s[bpb::kSignature + 1] != 0xaa)
        return refuse(reason, "boot sector: signature 0x55 0xaa missing at byte 510");
    if (!(s[bpb::kJump] == 0xeb && s[bpb::kJump + 2] == 0x90) && s[bpb::kJump] != 0xe9)
        return refuse(reason, "boot sector: no jump instruction (EB xx 90 or E9 xx xx)");

    Geometry g{};
    g.bytes_per_sector = load_le16(s + bpb::kBytesPerSector);
    if (!is_power_of_two(g.bytes_per_sector) || g.bytes_per_sector < 512 ||
        g.bytes_per_sector > 4096)
        return refuse(reason, "BPB: bytes per sector is not a power of two in 512..4096");
    g.sectors_per_cluster = s[bpb::kSectorsPerCluster];
    if (!is_power_of_two(g.sectors_per_cluster))
        return refuse(reason, "BPB: sectors per cluster is not a power of two in 1..128");
    if (g.cluster_bytes() > 64 * 1024)
        return refuse(reason, "BPB: clusters larger than 64 KiB");
    g.reserved_sectors = load_le16(s + bpb::kReservedSectors);
    if (g.reserved_sectors == 0)
        return refuse(reason, "BPB: no reserved sectors (the boot sector itself is one)");
    g.fat_count = s[bpb::kFatCount];
    if (g.fat_count == 0 || g.fat_count > 2)
        return refuse(reason, "BPB: FAT count is not 1 or 2");
    uint8_t media = s[bpb::kMedia];
    if (media != 0xf0 && media < 0xf8)
        return refuse(reason, "BPB: media descriptor is not 0xf0 or 0xf8..0xff");

    if (load_le16(s + bpb::kRootEntryCount) != 0 || load_le16(s + bpb::kFatSize16) != 0)
        return refuse(reason,
                      "FAT12/FAT16 volume (fixed root directory, 16-bit FAT size): "
                      "only FAT32 is supported",
                      Error::Unsupported);
    if (load_le16(s + bpb::kTotalSectors16) != 0)
        return refuse(reason, "BPB: 16-bit total sector count is set, which FAT32 forbids");
    g.fat_sectors = load_le32(s + bpb::kFatSize32);
    if (g.fat_sectors == 0)
        return refuse(reason, "BPB: FAT size is zero");
    g.total_sectors = load_le32(s + bpb::kTotalSectors32);
    if (uint64_t(g.total_sectors) * g.bytes_per_sector > volume_bytes)
        return refuse(reason, "BPB: total sectors exceed the device size (truncated image?)",
                      Error::Truncated);
    if (load_le16(s + bpb::kFsVersion) != 0)
        return refuse(reason, "BPB: FAT32 version is not 0.0", Error::Unsupported);
    if (load_le16(s + bpb::kExtFlags) & bpb::kExtFlagsNoMirroring)
        return refuse(reason, "BPB: FAT mirroring is disabled (one active FAT): not supported",
                      Error::Unsupported);

    uint64_t metadata = g.reserved_sectors + uint64_t(g.fat_count) * g.fat_sectors;
    if (metadata >= g.total_sectors)
        return refuse(reason, "BPB: reserved sectors and FATs fill the whole volume");
    g.first_data_sector = uint32_t(metadata);
    uint32_t data_sectors = g.total_sectors - g.first_data_sector;
    g.cluster_count = data_sectors / g.sectors_per_cluster;
    if (g.cluster_count < fat::kMinFat32Clusters)
        return refuse(reason,
                      "fewer than 65525 clusters makes this a FAT12/FAT16 volume: "
                      "only FAT32 is supported",
                      Error::Unsupported);
    if (g.cluster_count > fat::kMask - 16)
        return refuse(reason, "BPB: more clusters than 28-bit FAT entries can address");
    if (uint64_t(g.fat_sectors) * g.bytes_per_sector / 4 < uint64_t(g.cluster_count) + 2)
        return refuse(reason, "BPB: the FAT is too small for the volume's clusters");

    g.root_cluster = load_le32(s + bpb::kRootCluster);
    if (!g.is_cluster(g.root_cluster))
        return refuse(reason, "BPB: root directory cluster is out of range");
    g.fsinfo_sector = load_le16(s + bpb::kFsInfoSector);
    if (g.fsinfo_sector == 0xffff)
        g.fsinfo_sector = 0;
    if (g.fsinfo_sector >= g.reserved_sectors)
        return refuse(reason, "BPB: FSInfo sector lies outside the reserved area");
    g.volume_id = load_le32(s + bpb::kVolumeId);
    __builtin_memcpy(g.label, s + bpb::kVolumeLabel, sizeof(g.label));
    return g;
}

} // namespace mica::fs::fat32
