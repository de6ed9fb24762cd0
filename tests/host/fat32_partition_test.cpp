// Partition tables: GPT disks that sgdisk made (primary, backup fallback, corruption) and MBR
// disks, each holding a FAT32 volume that mkfs.fat wrote at the partition's offset.

#include "fat32_test_support.h"

#include <fs/partition/crc32.h>
#include <fs/partition/partition_table.h>
#include <fs/partition/partition_view.h>

using namespace fat32_test;
using namespace mica;
using namespace mica::fs;

namespace {

constexpr uint64_t kDiskBlocks = 40 * 2048; // 40 MiB
constexpr uint64_t kFirst = 2048;           // 1 MiB, where sgdisk aligns the first partition

class PartitionTest : public testing::Test {
protected:
    void SetUp() override {
        FAT32_REQUIRE_TOOLS("mkfs.fat", "mcopy", "mtype", "sgdisk");
        dir = scratch_dir();
        disk_path = dir + "/disk.img";
        write_text_file(dir + "/hello.txt", "hello from a partition\n");
    }

    // Formats [kFirst, kFirst + blocks) and copies hello.txt into it.
    void format_partition(uint64_t blocks) {
        auto made = run("mkfs.fat -F 32 -s 1 --offset " + std::to_string(kFirst) + " '" +
                        disk_path + "' " + std::to_string(blocks / 2) + " && mcopy -i '" +
                        disk_path + "@@1M' '" + dir + "/hello.txt' ::/hello.txt");
        ASSERT_EQ(made.status, 0) << made.output;
    }

    void make_gpt(const char* type_code) {
        auto made = run("rm -f '" + disk_path + "' && truncate -s 40M '" + disk_path +
                        "' && sgdisk -n 1:2048:0 -t 1:" + type_code + " '" + disk_path + "'");
        ASSERT_EQ(made.status, 0) << made.output;
    }

    Result<void> read_table(std::vector<uint8_t> bytes) {
        disk = std::make_unique<MemoryDisk>(std::move(bytes));
        return read_partition_table(*disk, Span<uint8_t>(scratch, sizeof(scratch)), table, &reason);
    }

    // Mounts the first FAT partition and reads hello.txt from it.
    void expect_hello() {
        const Partition* fat = table.first_fat();
        ASSERT_NE(fat, nullptr);
        auto view = PartitionView::create(*disk, fat->first_block, fat->block_count);
        ASSERT_TRUE(view.is_ok());
        fat32::Volume volume;
        ASSERT_TRUE(volume.mount(view.value(), cache.span(), {}).is_ok()) << volume.problem();
        auto file = volume.open("/hello.txt");
        ASSERT_TRUE(file.is_ok()) << volume.problem();
        EXPECT_EQ(read_all(volume, file.value()), "hello from a partition\n");
    }

    std::string dir, disk_path;
    std::unique_ptr<MemoryDisk> disk;
    uint8_t scratch[512];
    PartitionTable table;
    const char* reason = nullptr;
    CacheMemory cache;
};

TEST(Crc32, MatchesTheStandardCheckValue) {
    const char* text = "123456789";
    EXPECT_EQ(crc32(Bytes(reinterpret_cast<const uint8_t*>(text), 9)), 0xcbf43926u);
}

TEST_F(PartitionTest, GptBasicDataPartition) {
    make_gpt("0700");
    uint64_t last_usable = kDiskBlocks - 34;
    format_partition(last_usable - kFirst + 1);
    ASSERT_TRUE(read_table(load(disk_path)).is_ok()) << reason;
    EXPECT_EQ(table.scheme, PartitionScheme::Gpt);
    EXPECT_FALSE(table.used_backup_gpt);
    ASSERT_EQ(table.count, 1u);
    EXPECT_EQ(table.partitions[0].number, 1u);
    EXPECT_EQ(table.partitions[0].first_block, kFirst);
    EXPECT_EQ(table.partitions[0].block_count, last_usable - kFirst + 1);
    EXPECT_TRUE(table.partitions[0].type == kGuidBasicData);
    expect_hello();
}

TEST_F(PartitionTest, GptEfiSystemPartitionMayHoldFat) {
    make_gpt("ef00");
    ASSERT_TRUE(read_table(load(disk_path)).is_ok()) << reason;
    ASSERT_NE(table.first_fat(), nullptr);
    EXPECT_TRUE(table.first_fat()->type == kGuidEfiSystem);
}

TEST_F(PartitionTest, GptLinuxPartitionIsNotFat) {
    make_gpt("8300");
    ASSERT_TRUE(read_table(load(disk_path)).is_ok()) << reason;
    EXPECT_EQ(table.count, 1u);
    EXPECT_EQ(table.first_fat(), nullptr);
}

TEST_F(PartitionTest, CorruptPrimaryHeaderFallsBackToTheBackup) {
    make_gpt("0700");
    format_partition(kDiskBlocks - 34 - kFirst + 1);
    auto bytes = load(disk_path);
    bytes[512 + 16] ^= 0xff; // the header CRC
    ASSERT_TRUE(read_table(bytes).is_ok()) << reason;
    EXPECT_TRUE(table.used_backup_gpt);
    expect_hello();
}

TEST_F(PartitionTest, CorruptPrimaryEntryArrayFallsBackToTheBackup) {
    make_gpt("0700");
    auto bytes = load(disk_path);
    bytes[2 * 512 + 56] ^= 0x01; // the name of entry 1, covered by the array CRC
    ASSERT_TRUE(read_table(bytes).is_ok()) << reason;
    EXPECT_TRUE(table.used_backup_gpt);
    EXPECT_EQ(table.count, 1u);
}

TEST_F(PartitionTest, BothGptHeadersCorrupt) {
    make_gpt("0700");
    auto bytes = load(disk_path);
    bytes[512 + 16] ^= 0xff;
    bytes[(kDiskBlocks - 1) * 512 + 16] ^= 0xff;
    auto result = read_table(bytes);
    ASSERT_TRUE(result.is_error());
    EXPECT_EQ(result.error(), Error::Malformed);
    EXPECT_STREQ(reason, "GPT: header CRC mismatch");
}

TEST_F(PartitionTest, BothEntryArraysCorrupt) {
    make_gpt("0700");
    auto bytes = load(disk_path);
    bytes[2 * 512 + 56] ^= 0x01;
    bytes[(kDiskBlocks - 33) * 512 + 56] ^= 0x01; // the backup array precedes the backup header
    auto result = read_table(bytes);
    ASSERT_TRUE(result.is_error());
    EXPECT_STREQ(reason, "GPT: partition entry array CRC mismatch");
}

// A hand-built MBR: one entry of `type` at kFirst.
std::vector<uint8_t> with_mbr(std::vector<uint8_t> bytes, uint8_t type, uint64_t first,
                              uint64_t count) {
    std::fill(bytes.begin() + 446, bytes.begin() + 510, 0);
    uint8_t* entry = bytes.data() + 446;
    entry[4] = type;
    for (int i = 0; i < 4; ++i) {
        entry[8 + i] = uint8_t(first >> (8 * i));
        entry[12 + i] = uint8_t(count >> (8 * i));
    }
    bytes[510] = 0x55;
    bytes[511] = 0xaa;
    return bytes;
}

TEST_F(PartitionTest, MbrFat32Partition) {
    auto made = run("truncate -s 40M '" + disk_path + "'");
    ASSERT_EQ(made.status, 0);
    format_partition(kDiskBlocks - kFirst);
    for (uint8_t type : {0x0b, 0x0c, 0x0e, 0xef}) {
        ASSERT_TRUE(
            read_table(with_mbr(load(disk_path), type, kFirst, kDiskBlocks - kFirst)).is_ok())
            << reason;
        EXPECT_EQ(table.scheme, PartitionScheme::Mbr);
        ASSERT_EQ(table.count, 1u);
        EXPECT_EQ(table.partitions[0].mbr_type, type);
        expect_hello();
    }
    ASSERT_TRUE(read_table(with_mbr(load(disk_path), 0x83, kFirst, 100)).is_ok());
    EXPECT_EQ(table.first_fat(), nullptr);
}

TEST_F(PartitionTest, MbrPartitionBeyondTheDisk) {
    std::vector<uint8_t> bytes(kDiskBlocks * 512);
    auto result = read_table(with_mbr(bytes, 0x0c, kFirst, kDiskBlocks));
    ASSERT_TRUE(result.is_error());
    EXPECT_EQ(result.error(), Error::OutOfRange);
    EXPECT_STREQ(reason, "MBR: a partition lies outside the disk");
}

TEST_F(PartitionTest, NoTableAtAll) {
    std::vector<uint8_t> blank(kDiskBlocks * 512);
    EXPECT_EQ(read_table(blank).error(), Error::NotFound);
    auto image = make_volume(dir);
    EXPECT_EQ(read_table(load(image)).error(), Error::NotFound);
    EXPECT_NE(std::string(reason).find("FAT boot sector"), std::string::npos) << reason;
}

TEST_F(PartitionTest, ViewRefusesBlocksOutsideItsWindow) {
    std::vector<uint8_t> bytes(64 * 512);
    MemoryDisk small(bytes);
    EXPECT_TRUE(PartitionView::create(small, 60, 5).is_error());
    auto view = PartitionView::create(small, 8, 16);
    ASSERT_TRUE(view.is_ok());
    uint8_t block[512];
    EXPECT_TRUE(view.value().read_blocks(15, 1, Span<uint8_t>(block, 512)).is_ok());
    EXPECT_EQ(view.value().read_blocks(16, 1, Span<uint8_t>(block, 512)).error(),
              Error::OutOfRange);
}

} // namespace
