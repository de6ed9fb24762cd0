#include <fs/partition/mbr.h>

#include <lib/bytes.h>

namespace mica::fs::mbr {

namespace {

// FAT32 with CHS or LBA addressing, FAT16 LBA, and the EFI system partition.
bool is_fat_type(uint8_t type) {
    return type == 0x0b || type == 0x0c || type == 0x0e || type == 0xef;
}

const uint8_t* entry(Bytes block0, size_t i) {
    return block0.data() + kEntriesOffset + i * kEntrySize;
}

} // namespace

bool has_signature(Bytes block0) {
    return block0.size() >= 512 && block0[kSignatureOffset] == 0x55 &&
           block0[kSignatureOffset + 1] == 0xaa;
}

bool is_protective(Bytes block0) {
    if (!has_signature(block0))
        return false;
    for (size_t i = 0; i < kEntryCount; ++i) {
        if (entry(block0, i)[4] == kTypeProtectiveGpt)
            return true;
    }
    return false;
}

bool is_fat_boot_sector(Bytes block0) {
    if (!has_signature(block0))
        return false;
    // A boot sector starts with a jump (EB xx 90 or E9 xx xx) and names its type at 82 (FAT32)
    // or 54 (FAT12/16). Partition entries never make such a pattern in practice.
    bool jump = block0[0] == 0xe9 || (block0[0] == 0xeb && block0[2] == 0x90);
    auto named = [&](size_t offset) {
        return block0[offset] == 'F' && block0[offset + 1] == 'A' && block0[offset + 2] == 'T';
    };
    return jump && (named(82) || named(54));
}

Result<void> parse(Bytes block0, uint64_t disk_blocks, PartitionTable& table, const char** reason) {
    table.scheme = PartitionScheme::Mbr;
    table.count = 0;
    for (size_t i = 0; i < kEntryCount; ++i) {
        const uint8_t* e = entry(block0, i);
        uint8_t status = e[0];
        uint8_t type = e[4];
        uint64_t first = load_le32(e + 8);
        uint64_t count = load_le32(e + 12);
        if (type == 0 || count == 0)
            continue;
        if (status != 0x00 && status != 0x80) {
            *reason = "MBR: a partition entry has a boot flag other than 0x00 or 0x80";
            return Error::Malformed;
        }
        if (first == 0 || first > disk_blocks || count > disk_blocks - first) {
            *reason = "MBR: a partition lies outside the disk";
            return Error::OutOfRange;
        }
        Partition& p = table.partitions[table.count++];
        p = Partition{};
        p.number = uint32_t(i + 1);
        p.first_block = first;
        p.block_count = count;
        p.mbr_type = type;
        p.may_hold_fat = is_fat_type(type);
    }
    return {};
}

} // namespace mica::fs::mbr
