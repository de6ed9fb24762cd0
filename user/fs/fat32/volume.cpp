// Mounting, syncing and unmounting: the boot sector, FSInfo and the clean-shutdown bit.

#include <fs/fat32/layout.h>
#include <fs/fat32/volume.h>

#include <lib/bytes.h>

namespace mica::fs::fat32 {

namespace {

void store_le32(uint8_t* p, uint32_t v) {
    for (int i = 0; i < 4; ++i)
        p[i] = uint8_t(v >> (8 * i));
}

} // namespace

Result<void> Volume::mount(BlockDevice& device, Span<uint8_t> cache_memory, MountOptions options) {
    Problem& problem = m_core.problem;
    problem.reason = "";
    if (m_mounted)
        return problem.fail(Error::BadState, "volume is already mounted");
    uint32_t block = device.block_size();
    if (block < 512 || block > 4096 || (block & (block - 1)) != 0)
        return problem.fail(Error::Unsupported, "device block size is not 512..4096");
    if (cache_memory.size() < block)
        return problem.fail(Error::NoMemory, "cache memory is smaller than one block");
    if (device.block_count() == 0)
        return problem.fail(Error::Truncated, "device is empty");
    // The boot sector is read into the cache memory before the cache takes it over.
    Span<uint8_t> first_block = cache_memory.subspan(0, block);
    if (auto read = device.read_blocks(0, 1, first_block); read.is_error())
        return problem.fail(read.error(), "cannot read the boot sector");
    uint64_t device_bytes = device.block_count() * block;
    const char* reason = "";
    auto geometry = parse_boot_sector(Bytes(first_block.data(), block), device_bytes, &reason);
    if (geometry.is_error())
        return problem.fail(geometry.error(), reason);
    m_core.geometry = geometry.value();
    const Geometry& g = m_core.geometry;
    if (g.bytes_per_sector < block)
        return problem.fail(Error::Unsupported, "sectors are smaller than the device's blocks");
    if (auto init = m_core.cache.init(device, g.bytes_per_sector, cache_memory); init.is_error())
        return problem.fail(init.error(), "cache memory holds fewer than two sectors");
    m_core.cache.set_mirror(g.reserved_sectors, g.fat_sectors, g.fat_count);
    m_core.cache.set_problem(&problem);
    m_core.device = &device;
    m_core.clock = options.clock;
    m_core.read_only = true; // until the volume is marked dirty below
    m_core.fat.init(m_core.cache, m_core.geometry, problem);

    auto finish = [&]() -> Result<void> {
        m_fsinfo_valid = false;
        uint32_t fsinfo_free = fsinfo::kUnknown;
        if (g.fsinfo_sector != 0) {
            uint8_t fsinfo[512];
            TRY(m_core.cache.read(g.fsinfo_sector, 0, Span<uint8_t>(fsinfo)));
            m_fsinfo_valid = load_le32(fsinfo + fsinfo::kLeadSignature) == fsinfo::kLeadValue &&
                             load_le32(fsinfo + fsinfo::kStructSignature) == fsinfo::kStructValue &&
                             load_le32(fsinfo + fsinfo::kTrailSignature) == fsinfo::kTrailValue;
            if (m_fsinfo_valid)
                m_core.fat.set_next_free_hint(load_le32(fsinfo + fsinfo::kNextFree));
            fsinfo_free =
                m_fsinfo_valid ? load_le32(fsinfo + fsinfo::kFreeCount) : fsinfo::kUnknown;
        }
        m_was_clean = TRY(m_core.fat.entry(1)) & fat::kCleanShutdown;
        if (options.trust_fsinfo && m_was_clean && fsinfo_free <= g.cluster_count)
            m_core.fat.assume_free_clusters(fsinfo_free);
        if (!options.read_only) {
            TRY(m_core.fat.free_clusters()); // a writable volume needs the figure anyway
            m_core.read_only = false;
            // Dirty on disk from now until unmount(): a crash leaves the volume marked dirty.
            TRY(set_clean_bit(false));
            TRY(m_core.cache.flush_dirty());
            TRY(flush_device());
        }
        return {};
    };
    if (auto done = finish(); done.is_error()) {
        m_core.cache.drop_all();
        m_core.device = nullptr;
        m_core.read_only = true;
        return done.error();
    }
    m_mounted = true;
    problem.reason = "";
    return {};
}

Result<void> Volume::set_clean_bit(bool clean) {
    uint32_t value = TRY(m_core.fat.entry(1));
    value = clean ? value | fat::kCleanShutdown : value & ~fat::kCleanShutdown;
    return m_core.fat.set_entry(1, value);
}

Result<void> Volume::write_fsinfo() {
    if (!m_fsinfo_valid)
        return {};
    uint8_t fields[8];
    store_le32(fields, TRY(m_core.fat.free_clusters()));
    store_le32(fields + 4, m_core.fat.next_free_hint());
    return m_core.cache.write(m_core.geometry.fsinfo_sector, fsinfo::kFreeCount, Bytes(fields, 8));
}

Result<void> Volume::sync() {
    if (!m_mounted)
        return m_core.problem.fail(Error::BadState, "volume is not mounted");
    if (m_core.read_only)
        return {};
    TRY(write_fsinfo());
    TRY(m_core.cache.flush_dirty());
    return flush_device();
}

Result<void> Volume::flush_device() {
    if (auto flushed = m_core.device->flush(); flushed.is_error())
        return m_core.problem.fail(flushed.error(), "block device flush failed");
    return {};
}

Result<void> Volume::unmount() {
    if (!m_mounted)
        return m_core.problem.fail(Error::BadState, "volume is not mounted");
    if (!m_core.read_only) {
        TRY(sync());
        TRY(set_clean_bit(true));
        TRY(m_core.cache.flush_dirty());
        TRY(flush_device());
    }
    m_core.cache.drop_all();
    m_core.device = nullptr;
    m_mounted = false;
    return {};
}

Result<void> Volume::check_writable() {
    if (!m_mounted)
        return m_core.problem.fail(Error::BadState, "volume is not mounted");
    if (m_core.read_only)
        return m_core.problem.fail(kReadOnly, "volume is mounted read-only");
    return {};
}

Result<VolumeInfo> Volume::info() {
    if (!m_mounted)
        return m_core.problem.fail(Error::BadState, "volume is not mounted");
    VolumeInfo info{};
    info.cluster_bytes = m_core.geometry.cluster_bytes();
    info.cluster_count = m_core.geometry.cluster_count;
    info.free_clusters = TRY(m_core.fat.free_clusters());
    info.volume_id = m_core.geometry.volume_id;
    __builtin_memcpy(info.label, m_core.geometry.label, sizeof(info.label));
    info.was_clean = m_was_clean;
    return info;
}

Stat Volume::stat_of(const DirEntry& entry) const {
    return Stat{.size = entry.is_directory() ? 0 : entry.size,
                .attributes = entry.attributes,
                .is_directory = entry.is_directory(),
                .first_cluster = entry.first_cluster,
                .created = decode_timestamp(entry.create_date, entry.create_time),
                .modified = decode_timestamp(entry.write_date, entry.write_time)};
}

DirEntry Volume::fresh_entry(uint8_t attributes, uint32_t cluster) const {
    DirEntry entry{};
    FatTimestamp now = m_core.now();
    entry.attributes = attributes;
    entry.first_cluster = cluster;
    entry.create_time = entry.write_time = now.time;
    entry.create_date = entry.write_date = entry.access_date = now.date;
    return entry;
}

uint32_t Volume::Resolved::cluster() const { return entry.first_cluster; }

} // namespace mica::fs::fat32
