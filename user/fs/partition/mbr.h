#pragma once
// The Master Boot Record in block 0: four 16-byte entries at byte 446 and the 0x55 0xAA
// signature at 510 (UEFI spec, "Legacy Master Boot Record (MBR)"). Extended partitions (types
// 0x05, 0x0f) are listed but not followed.

#include <fs/partition/partition_table.h>

namespace mica::fs::mbr {

constexpr size_t kEntriesOffset = 446;
constexpr size_t kEntrySize = 16;
constexpr size_t kEntryCount = 4;
constexpr size_t kSignatureOffset = 510;
constexpr uint8_t kTypeProtectiveGpt = 0xee;

bool has_signature(Bytes block0);
// True when some entry has type 0xee: the disk is GPT and this MBR only protects it.
bool is_protective(Bytes block0);
// True when block 0 looks like a FAT boot sector (a volume without a partition table).
bool is_fat_boot_sector(Bytes block0);
// Fills `table` from the four primary entries of a block 0 that has the signature.
Result<void> parse(Bytes block0, uint64_t disk_blocks, PartitionTable& table, const char** reason);

} // namespace mica::fs::mbr
