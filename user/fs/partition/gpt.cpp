#include <fs/partition/crc32.h>
#include <fs/partition/gpt.h>

#include <lib/bytes.h>

namespace mica::fs::gpt {

namespace {

// Header field offsets (UEFI spec table "GPT Header").
constexpr size_t kSignature = 0;
constexpr size_t kHeaderSize = 12;
constexpr size_t kHeaderCrc = 16;
constexpr size_t kMyLba = 24;
constexpr size_t kFirstUsable = 40;
constexpr size_t kLastUsable = 48;
constexpr size_t kEntriesLba = 72;
constexpr size_t kEntryCount = 80;
constexpr size_t kEntrySize = 84;
constexpr size_t kEntriesCrc = 88;
// Entry field offsets (table "GPT Partition Entry").
constexpr size_t kEntryType = 0;
constexpr size_t kEntryFirst = 32;
constexpr size_t kEntryLast = 40;

// Enough for any table a real tool writes (128 or 256 entries) while bounding the work a
// corrupt header can ask for.
constexpr uint32_t kMaxEntries = 4096;

struct Header {
    uint64_t first_usable;
    uint64_t last_usable;
    uint64_t entries_lba;
    uint32_t entry_count;
    uint32_t entry_size;
    uint32_t entries_crc;
};

Result<Header> read_header(BlockDevice& disk, Span<uint8_t> block, uint64_t lba,
                           const char** reason) {
    uint32_t size = disk.block_size();
    TRY(disk.read_blocks(lba, 1, block.subspan(0, size)));
    const uint8_t* h = block.data();
    static const char kMagic[8] = {'E', 'F', 'I', ' ', 'P', 'A', 'R', 'T'};
    if (__builtin_memcmp(h + kSignature, kMagic, 8) != 0) {
        *reason = "GPT: header signature is not \"EFI PART\"";
        return Error::Malformed;
    }
    uint32_t header_size = load_le32(h + kHeaderSize);
    if (header_size < kHeaderMinSize || header_size > size) {
        *reason = "GPT: header size is outside 92..block size";
        return Error::Malformed;
    }
    uint32_t stored_crc = load_le32(h + kHeaderCrc);
    Crc32 crc;
    crc.update(Bytes(h, kHeaderCrc));
    static const uint8_t kZero[4] = {};
    crc.update(Bytes(kZero, 4));
    crc.update(Bytes(h + kHeaderCrc + 4, header_size - kHeaderCrc - 4));
    if (crc.value() != stored_crc) {
        *reason = "GPT: header CRC mismatch";
        return Error::Malformed;
    }
    if (load_le64(h + kMyLba) != lba) {
        *reason = "GPT: header does not name its own block";
        return Error::Malformed;
    }
    Header header{
        .first_usable = load_le64(h + kFirstUsable),
        .last_usable = load_le64(h + kLastUsable),
        .entries_lba = load_le64(h + kEntriesLba),
        .entry_count = load_le32(h + kEntryCount),
        .entry_size = load_le32(h + kEntrySize),
        .entries_crc = load_le32(h + kEntriesCrc),
    };
    uint64_t blocks = disk.block_count();
    if (header.first_usable > header.last_usable || header.last_usable >= blocks) {
        *reason = "GPT: usable block range is empty or beyond the disk";
        return Error::Malformed;
    }
    if (header.entry_size < kEntryMinSize || (header.entry_size & (header.entry_size - 1)) != 0) {
        *reason = "GPT: entry size is not 128 times a power of two";
        return Error::Malformed;
    }
    if (header.entry_size > size) {
        *reason = "GPT: entries larger than a block are not supported";
        return Error::Unsupported;
    }
    if (header.entry_count > kMaxEntries) {
        *reason = "GPT: more than 4096 partition entries";
        return Error::Malformed;
    }
    uint64_t array_blocks = (uint64_t(header.entry_count) * header.entry_size + size - 1) / size;
    if (header.entries_lba < 2 || header.entries_lba >= blocks ||
        array_blocks > blocks - header.entries_lba) {
        *reason = "GPT: partition entry array lies outside the disk";
        return Error::Malformed;
    }
    return header;
}

// Checks the entry array's CRC first (one pass), then fills the table (a second pass), so a
// half-filled table is never returned.
Result<void> read_entries(BlockDevice& disk, Span<uint8_t> block, const Header& header,
                          PartitionTable& table, const char** reason) {
    uint32_t size = disk.block_size();
    uint32_t per_block = size / header.entry_size;
    uint64_t array_bytes = uint64_t(header.entry_count) * header.entry_size;
    uint64_t array_blocks = (array_bytes + size - 1) / size;
    Crc32 crc;
    for (uint64_t b = 0; b < array_blocks; ++b) {
        TRY(disk.read_blocks(header.entries_lba + b, 1, block.subspan(0, size)));
        uint64_t left = array_bytes - b * size;
        crc.update(Bytes(block.data(), left < size ? size_t(left) : size));
    }
    if (crc.value() != header.entries_crc) {
        *reason = "GPT: partition entry array CRC mismatch";
        return Error::Malformed;
    }
    table.scheme = PartitionScheme::Gpt;
    table.count = 0;
    for (uint64_t b = 0; b < array_blocks; ++b) {
        TRY(disk.read_blocks(header.entries_lba + b, 1, block.subspan(0, size)));
        for (uint32_t i = 0; i < per_block; ++i) {
            uint64_t number = b * per_block + i;
            if (number >= header.entry_count)
                break;
            const uint8_t* e = block.data() + size_t(i) * header.entry_size;
            Guid type;
            __builtin_memcpy(type.bytes, e + kEntryType, 16);
            if (type.is_zero())
                continue;
            uint64_t first = load_le64(e + kEntryFirst);
            uint64_t last = load_le64(e + kEntryLast);
            if (first > last || first < header.first_usable || last > header.last_usable) {
                *reason = "GPT: a partition lies outside the usable blocks";
                table.count = 0;
                return Error::Malformed;
            }
            if (table.count == PartitionTable::kMaxPartitions) {
                *reason = "GPT: more than 128 partitions in use";
                table.count = 0;
                return Error::Unsupported;
            }
            Partition& p = table.partitions[table.count++];
            p = Partition{};
            p.number = uint32_t(number + 1);
            p.first_block = first;
            p.block_count = last - first + 1;
            p.type = type;
            p.may_hold_fat = type == kGuidBasicData || type == kGuidEfiSystem;
        }
    }
    return {};
}

Result<void> parse_at(BlockDevice& disk, Span<uint8_t> block, uint64_t lba, PartitionTable& table,
                      const char** reason) {
    Header header = TRY(read_header(disk, block, lba, reason));
    return read_entries(disk, block, header, table, reason);
}

} // namespace

Result<void> parse(BlockDevice& disk, Span<uint8_t> scratch, PartitionTable& table,
                   const char** reason) {
    auto primary = parse_at(disk, scratch, 1, table, reason);
    if (primary.is_ok()) {
        table.used_backup_gpt = false;
        return {};
    }
    const char* primary_reason = *reason;
    auto backup = parse_at(disk, scratch, disk.block_count() - 1, table, reason);
    if (backup.is_ok()) {
        table.used_backup_gpt = true;
        return {};
    }
    // Report why the primary failed: the backup is only a fallback.
    *reason = primary_reason;
    return primary.error();
}

} // namespace mica::fs::gpt
