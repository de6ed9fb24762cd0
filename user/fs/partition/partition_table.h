#pragma once
// Reading a disk's partition table: GPT (with its protective MBR) or a plain MBR.
//
//   PartitionTable table;
//   const char* reason = nullptr;
//   TRY(read_partition_table(disk, scratch, table, &reason));
//   const Partition* fat = table.first_fat();
//
// `scratch` is caller memory of at least one block. A refusal carries a sentence in `reason`
// ("GPT: header CRC mismatch, and the backup header is unusable too", ...).

#include <fs/partition/block_device.h>

namespace mica::fs {

struct Guid {
    uint8_t bytes[16]; // as stored on disk (the first three fields little-endian)

    bool is_zero() const;
    bool operator==(const Guid& other) const;
};

// Type GUIDs that may hold a FAT filesystem (UEFI spec, "Defined GPT Partition Entry - Partition
// Type GUIDs"; basic data is Microsoft's), in on-disk byte order.
extern const Guid kGuidEfiSystem; // C12A7328-F81F-11D2-BA4B-00A0C93EC93B
extern const Guid kGuidBasicData; // EBD0A0A2-B9E5-4433-87C0-68B6B72699C7

enum class PartitionScheme { Mbr, Gpt };

struct Partition {
    uint32_t number = 0; // 1-based position in the table (MBR slot or GPT entry)
    uint64_t first_block = 0;
    uint64_t block_count = 0;
    uint8_t mbr_type = 0; // MBR only
    Guid type{};          // GPT only
    bool may_hold_fat = false;
};

struct PartitionTable {
    static constexpr size_t kMaxPartitions = 128; // the minimum GPT entry array holds 128

    PartitionScheme scheme = PartitionScheme::Mbr;
    bool used_backup_gpt = false; // the primary GPT was unusable
    Partition partitions[kMaxPartitions];
    size_t count = 0;

    const Partition* first_fat() const;
};

Result<void> read_partition_table(BlockDevice& disk, Span<uint8_t> scratch, PartitionTable& table,
                                  const char** reason);

} // namespace mica::fs
