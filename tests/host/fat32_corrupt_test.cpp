// Corrupt volumes: bad BPB fields, FAT12/16, truncated images, cluster loops and out-of-range
// clusters must give a clear error (an Error and a sentence), never a crash or a hang.

#include "fat32_test_support.h"

#include <fs/fat32/names.h>

using namespace fat32_test;
using namespace mica;
using namespace mica::fs::fat32;

namespace {

void put16(std::vector<uint8_t>& bytes, size_t at, uint16_t value) {
    bytes[at] = uint8_t(value);
    bytes[at + 1] = uint8_t(value >> 8);
}

void put32(std::vector<uint8_t>& bytes, size_t at, uint32_t value) {
    put16(bytes, at, uint16_t(value));
    put16(bytes, at + 2, uint16_t(value >> 16));
}

// The FAT entry of `cluster` in both copies of mkfs.fat's layout (32 reserved sectors, 536
// sectors per FAT, as make_volume makes it).
void set_fat(std::vector<uint8_t>& bytes, uint32_t cluster, uint32_t value) {
    for (size_t copy = 0; copy < 2; ++copy)
        put32(bytes, 32 * 512 + copy * 536 * 512 + cluster * 4, value);
}

class Fat32Corrupt : public testing::Test {
protected:
    void SetUp() override {
        FAT32_REQUIRE_TOOLS("mkfs.fat", "mcopy", "mmd");
        dir = scratch_dir();
        image = make_volume(dir);
        write_text_file(dir + "/f.bin", pattern(2000, 4)); // 4 clusters
        auto filled = run("mmd -i '" + image + "' ::/sub && mcopy -i '" + image + "' '" + dir +
                          "/f.bin' ::/f.bin");
        ASSERT_EQ(filled.status, 0) << filled.output;
        pristine = load(image);
    }

    // Mounts `bytes`; returns the error (or nothing) and keeps the sentence.
    Result<void> mount(std::vector<uint8_t> bytes, bool read_only = true) {
        disk = std::make_unique<MemoryDisk>(std::move(bytes));
        return volume.mount(*disk, cache.span(), {.read_only = read_only});
    }

    void expect_refused(std::vector<uint8_t> bytes, Error error, const char* words) {
        auto mounted = mount(std::move(bytes));
        ASSERT_TRUE(mounted.is_error()) << "mounted although corrupt (" << words << ")";
        EXPECT_EQ(mounted.error(), error) << volume.problem();
        EXPECT_NE(std::string(volume.problem()).find(words), std::string::npos)
            << "reason: " << volume.problem();
    }

    uint32_t first_cluster_of(const char* path) {
        auto mounted = mount(pristine);
        EXPECT_TRUE(mounted.is_ok()) << volume.problem();
        auto stat = volume.stat(path);
        EXPECT_TRUE(stat.is_ok());
        uint32_t cluster = stat.is_ok() ? stat.value().first_cluster : 0;
        EXPECT_TRUE(volume.unmount().is_ok());
        return cluster;
    }

    std::string dir, image;
    std::vector<uint8_t> pristine;
    std::unique_ptr<MemoryDisk> disk;
    CacheMemory cache;
    Volume volume;
};

TEST_F(Fat32Corrupt, PristineImageMounts) { EXPECT_TRUE(mount(pristine).is_ok()); }

TEST_F(Fat32Corrupt, BadBootSignature) {
    auto bytes = pristine;
    bytes[511] = 0;
    expect_refused(bytes, Error::Malformed, "signature");
}

TEST_F(Fat32Corrupt, BadBytesPerSector) {
    for (uint16_t value : {0, 256, 1000, 8192}) {
        auto bytes = pristine;
        put16(bytes, 11, value);
        expect_refused(bytes, Error::Malformed, "bytes per sector");
    }
}

TEST_F(Fat32Corrupt, BadSectorsPerCluster) {
    for (uint8_t value : {0, 3, 96}) {
        auto bytes = pristine;
        bytes[13] = value;
        expect_refused(bytes, Error::Malformed, "sectors per cluster");
    }
}

TEST_F(Fat32Corrupt, BadFatCount) {
    for (uint8_t value : {0, 7}) {
        auto bytes = pristine;
        bytes[16] = value;
        expect_refused(bytes, Error::Malformed, "FAT count");
    }
}

TEST_F(Fat32Corrupt, TotalSectorsBeyondTheDevice) {
    auto bytes = pristine;
    put32(bytes, 32, 2 * 69632);
    expect_refused(bytes, Error::Truncated, "exceed the device");
}

TEST_F(Fat32Corrupt, TruncatedImage) {
    auto bytes = pristine;
    bytes.resize(bytes.size() / 2);
    expect_refused(bytes, Error::Truncated, "truncated");
}

TEST_F(Fat32Corrupt, RootClusterOutOfRange) {
    auto bytes = pristine;
    put32(bytes, 44, 0x0fffff00);
    expect_refused(bytes, Error::Malformed, "root directory cluster");
}

TEST_F(Fat32Corrupt, Fat16IsRefusedByName) {
    auto made = run("rm -f '" + dir + "/fat16.img' && truncate -s 16M '" + dir +
                    "/fat16.img' && mkfs.fat -F 16 '" + dir + "/fat16.img'");
    ASSERT_EQ(made.status, 0) << made.output;
    expect_refused(load(dir + "/fat16.img"), Error::Unsupported, "only FAT32 is supported");
}

TEST_F(Fat32Corrupt, Fat12IsRefusedByName) {
    auto made = run("rm -f '" + dir + "/fat12.img' && truncate -s 1M '" + dir +
                    "/fat12.img' && mkfs.fat -F 12 '" + dir + "/fat12.img'");
    ASSERT_EQ(made.status, 0) << made.output;
    expect_refused(load(dir + "/fat12.img"), Error::Unsupported, "only FAT32 is supported");
}

TEST_F(Fat32Corrupt, FileChainLoop) {
    uint32_t first = first_cluster_of("/f.bin");
    ASSERT_NE(first, 0u);
    auto bytes = pristine;
    set_fat(bytes, first + 3, first); // the last cluster points back at the first
    ASSERT_TRUE(mount(bytes).is_ok());
    auto file = volume.open("/f.bin");
    ASSERT_TRUE(file.is_error());
    EXPECT_EQ(file.error(), kCorrupt);
    EXPECT_NE(std::string(volume.problem()).find("loops"), std::string::npos) << volume.problem();
}

TEST_F(Fat32Corrupt, DirectoryChainLoop) {
    uint32_t sub = first_cluster_of("/sub");
    ASSERT_NE(sub, 0u);
    auto bytes = pristine;
    set_fat(bytes, sub, sub); // a one-cluster loop
    ASSERT_TRUE(mount(bytes).is_ok());
    auto listing = volume.open_directory("/sub");
    ASSERT_TRUE(listing.is_ok());
    ListedEntry entry;
    auto read = volume.read_directory(listing.value(), entry);
    ASSERT_TRUE(read.is_error());
    EXPECT_EQ(read.error(), kCorrupt);
    EXPECT_NE(std::string(volume.problem()).find("loops"), std::string::npos) << volume.problem();
    EXPECT_EQ(volume.stat("/sub/anything").error(), kCorrupt);
}

TEST_F(Fat32Corrupt, RootChainLoopOnWritableMount) {
    auto bytes = pristine;
    set_fat(bytes, 2, 2);
    ASSERT_TRUE(mount(bytes, false).is_ok());
    EXPECT_EQ(volume.open("/new", {.create = true}).error(), kCorrupt);
    EXPECT_EQ(volume.mkdir("/new").error(), kCorrupt);
}

TEST_F(Fat32Corrupt, OutOfRangeClusterInChain) {
    uint32_t first = first_cluster_of("/f.bin");
    for (uint32_t value : {1u, 0x0ffffff0u, 0x0ffffff7u, 0u, 70000u}) {
        auto bytes = pristine;
        set_fat(bytes, first + 1, value);
        ASSERT_TRUE(mount(bytes).is_ok());
        auto file = volume.open("/f.bin");
        ASSERT_TRUE(file.is_error()) << value;
        EXPECT_EQ(file.error(), kCorrupt) << value;
        EXPECT_NE(std::string(volume.problem()), "") << value;
        EXPECT_TRUE(volume.unmount().is_ok());
    }
}

TEST_F(Fat32Corrupt, OutOfRangeFirstCluster) {
    // Find the short entry of F.BIN in the root directory (first data cluster) and point it
    // beyond the volume.
    auto bytes = pristine;
    size_t root = (32 + 2 * 536) * size_t(512);
    size_t at = 0;
    for (size_t i = 0; i < 16; ++i) {
        if (std::equal(bytes.begin() + root + i * 32, bytes.begin() + root + i * 32 + 11,
                       "F       BIN"))
            at = root + i * 32;
    }
    ASSERT_NE(at, 0u);
    put16(bytes, at + 20, 0x0fff);
    ASSERT_TRUE(mount(bytes).is_ok());
    EXPECT_EQ(volume.open("/f.bin").error(), kCorrupt);
    EXPECT_NE(std::string(volume.problem()).find("out of range"), std::string::npos)
        << volume.problem();
}

TEST_F(Fat32Corrupt, ShortChainForTheFileSize) {
    uint32_t first = first_cluster_of("/f.bin");
    auto bytes = pristine;
    set_fat(bytes, first + 1, 0x0fffffff);
    ASSERT_TRUE(mount(bytes).is_ok());
    EXPECT_EQ(volume.open("/f.bin").error(), kCorrupt);
    EXPECT_NE(std::string(volume.problem()).find("shorter"), std::string::npos) << volume.problem();
}

TEST_F(Fat32Corrupt, TooLittleCacheMemory) {
    disk = std::make_unique<MemoryDisk>(pristine);
    uint8_t small[600];
    EXPECT_EQ(volume.mount(*disk, Span<uint8_t>(small, sizeof(small)), {}).error(),
              Error::NoMemory);
    EXPECT_FALSE(volume.is_mounted());
}

} // namespace
