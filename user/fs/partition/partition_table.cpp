#include <fs/partition/gpt.h>
#include <fs/partition/mbr.h>
#include <fs/partition/partition_table.h>

namespace mica::fs {

// Mixed-endian on disk: the first three GUID fields are little-endian, the last two big-endian.
const Guid kGuidEfiSystem = {{0x28, 0x73, 0x2a, 0xc1, 0x1f, 0xf8, 0xd2, 0x11, 0xba, 0x4b, 0x00,
                              0xa0, 0xc9, 0x3e, 0xc9, 0x3b}};
const Guid kGuidBasicData = {{0xa2, 0xa0, 0xd0, 0xeb, 0xe5, 0xb9, 0x33, 0x44, 0x87, 0xc0, 0x68,
                              0xb6, 0xb7, 0x26, 0x99, 0xc7}};

bool Guid::is_zero() const {
    for (uint8_t b : bytes) {
        if (b != 0)
            return false;
    }
    return true;
}

bool Guid::operator==(const Guid& other) const {
    return __builtin_memcmp(bytes, other.bytes, sizeof(bytes)) == 0;
}

const Partition* PartitionTable::first_fat() const {
    for (size_t i = 0; i < count; ++i) {
        if (partitions[i].may_hold_fat)
            return &partitions[i];
    }
    return nullptr;
}

Result<void> read_partition_table(BlockDevice& disk, Span<uint8_t> scratch, PartitionTable& table,
                                  const char** reason) {
    const char* ignored = nullptr;
    if (!reason)
        reason = &ignored;
    table.count = 0;
    table.used_backup_gpt = false;
    uint32_t size = disk.block_size();
    if (size < 512 || (size & (size - 1)) != 0) {
        *reason = "disk block size is not a power of two of at least 512";
        return Error::Unsupported;
    }
    if (scratch.size() < size) {
        *reason = "scratch buffer is smaller than one block";
        return Error::InvalidArgument;
    }
    if (disk.block_count() < 3) {
        *reason = "disk is too small to hold a partition table";
        return Error::Truncated;
    }
    Span<uint8_t> block = scratch.subspan(0, size);
    TRY(disk.read_blocks(0, 1, block));
    Bytes block0(block.data(), size);
    if (!mbr::has_signature(block0)) {
        *reason = "no partition table: block 0 lacks the 0x55 0xAA signature";
        return Error::NotFound;
    }
    if (mbr::is_protective(block0))
        return gpt::parse(disk, scratch, table, reason);
    if (mbr::is_fat_boot_sector(block0)) {
        *reason = "no partition table: block 0 is a FAT boot sector (an unpartitioned volume)";
        return Error::NotFound;
    }
    return mbr::parse(block0, disk.block_count(), table, reason);
}

} // namespace mica::fs
