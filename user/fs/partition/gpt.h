#pragma once
// The GUID Partition Table (UEFI spec 2.10, section 5.3): a header in block 1 and a backup in the
// last block, each with a CRC32 over itself and over the partition entry array it points to.
// The primary is used when it checks out; otherwise the backup, and the table says so.

#include <fs/partition/partition_table.h>

namespace mica::fs::gpt {

constexpr size_t kHeaderMinSize = 92;
constexpr size_t kEntryMinSize = 128;

Result<void> parse(BlockDevice& disk, Span<uint8_t> scratch, PartitionTable& table,
                   const char** reason);

} // namespace mica::fs::gpt
