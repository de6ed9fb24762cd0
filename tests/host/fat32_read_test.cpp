// Reading volumes that Debian's mkfs.fat made and mcopy filled: long names, nested directories,
// multi-cluster and empty files, lower-case 8.3 names, non-ASCII names.

#include "fat32_test_support.h"

#include <algorithm>
#include <set>

using namespace fat32_test;
using namespace mica;
using namespace mica::fs::fat32;

namespace {

class Fat32Read : public testing::Test {
protected:
    void SetUp() override {
        FAT32_REQUIRE_TOOLS("mkfs.fat", "mcopy", "mmd");
        dir = scratch_dir();
        image = make_volume(dir);
        big = pattern(100 * 1024 + 17, 1);
        write_text_file(dir + "/big.bin", big);
        write_text_file(dir + "/readme.txt", "hello\n");
        write_text_file(dir + "/long.txt", "a file with a long name\n");
        write_text_file(dir + "/empty", "");
        write_text_file(dir + "/utf8.txt", "non-ascii\n");
        write_text_file(dir + "/deep.txt", "deep\n");
        std::string i = "-i '" + image + "' ";
        auto filled = run("mmd " + i +
                          "::/Documents ::/Documents/Sub\\ Folder && "
                          "mcopy " +
                          i + "'" + dir +
                          "/readme.txt' ::/readme.txt && "
                          "mcopy " +
                          i + "'" + dir +
                          "/long.txt' '::/A long file name.text' && "
                          "mcopy " +
                          i + "'" + dir +
                          "/big.bin' ::/Documents/big.bin && "
                          "mcopy " +
                          i + "'" + dir +
                          "/empty' ::/Documents/empty && "
                          "mcopy " +
                          i + "'" + dir +
                          "/utf8.txt' '::/Café ünïcode.txt' && "
                          "mcopy " +
                          i + "'" + dir +
                          "/deep.txt' "
                          "'::/Documents/Sub Folder/Deeply nested file.txt'");
        ASSERT_EQ(filled.status, 0) << filled.output;
        disk = std::make_unique<MemoryDisk>(load(image));
        ASSERT_TRUE(volume.mount(*disk, cache.span(), {}).is_ok()) << volume.problem();
    }

    std::string contents(const char* path) {
        auto file = volume.open(path);
        EXPECT_TRUE(file.is_ok()) << path << ": " << volume.problem();
        if (file.is_error())
            return "<error>";
        return read_all(volume, file.value());
    }

    std::set<std::string> listing(const char* path) {
        std::set<std::string> names;
        auto listing = volume.open_directory(path);
        EXPECT_TRUE(listing.is_ok()) << volume.problem();
        ListedEntry entry;
        while (listing.is_ok() && volume.read_directory(listing.value(), entry).value_or(false))
            names.insert(std::string(entry.name, entry.name_length));
        return names;
    }

    std::string dir, image, big;
    std::unique_ptr<MemoryDisk> disk;
    CacheMemory cache;
    Volume volume;
};

TEST_F(Fat32Read, ReadsFilesMcopyWrote) {
    EXPECT_EQ(contents("/readme.txt"), "hello\n");
    EXPECT_EQ(contents("A long file name.text"), "a file with a long name\n");
    EXPECT_EQ(contents("/Documents/big.bin"), big);
    EXPECT_EQ(contents("/Documents/empty"), "");
    EXPECT_EQ(contents("/Café ünïcode.txt"), "non-ascii\n");
    EXPECT_EQ(contents("/Documents/Sub Folder/Deeply nested file.txt"), "deep\n");
}

TEST_F(Fat32Read, ListsDirectoriesWithLongNames) {
    EXPECT_EQ(listing("/"), (std::set<std::string>{"readme.txt", "A long file name.text",
                                                   "Documents", "Café ünïcode.txt"}));
    EXPECT_EQ(listing("/Documents"),
              (std::set<std::string>{".", "..", "Sub Folder", "big.bin", "empty"}));
    EXPECT_EQ(listing("/Documents/Sub Folder"),
              (std::set<std::string>{".", "..", "Deeply nested file.txt"}));
}

TEST_F(Fat32Read, LooksNamesUpWithoutCase) {
    EXPECT_EQ(contents("/README.TXT"), "hello\n");
    EXPECT_EQ(contents("/a LONG file NAME.TEXT"), "a file with a long name\n");
    EXPECT_EQ(contents("/documents/SUB FOLDER/deeply nested FILE.txt"), "deep\n");
    // The generated short name reaches the same file.
    EXPECT_EQ(contents("/ALONGF~1.TEX"), "a file with a long name\n");
}

TEST_F(Fat32Read, ResolvesDotAndDotDot) {
    EXPECT_EQ(contents("/Documents/./Sub Folder/../../readme.txt"), "hello\n");
    EXPECT_EQ(contents("/../readme.txt"), "hello\n");
}

TEST_F(Fat32Read, StatsFilesAndDirectories) {
    auto file = volume.stat("/Documents/big.bin");
    ASSERT_TRUE(file.is_ok()) << volume.problem();
    EXPECT_EQ(file.value().size, big.size());
    EXPECT_FALSE(file.value().is_directory);
    EXPECT_GE(file.value().modified.year, 2020);
    auto empty = volume.stat("/Documents/empty");
    ASSERT_TRUE(empty.is_ok());
    EXPECT_EQ(empty.value().size, 0u);
    EXPECT_EQ(empty.value().first_cluster, 0u);
    auto directory = volume.stat("/Documents/Sub Folder");
    ASSERT_TRUE(directory.is_ok());
    EXPECT_TRUE(directory.value().is_directory);
    auto root = volume.stat("/");
    ASSERT_TRUE(root.is_ok());
    EXPECT_TRUE(root.value().is_directory);
}

TEST_F(Fat32Read, ReportsMissingAndMisusedPaths) {
    EXPECT_EQ(volume.stat("/nothing").error(), Error::NotFound);
    EXPECT_EQ(volume.stat("/readme.txt/below").error(), kNotDirectory);
    EXPECT_EQ(volume.open("/Documents").error(), kIsDirectory);
    EXPECT_EQ(volume.open_directory("/readme.txt").error(), kNotDirectory);
}

TEST_F(Fat32Read, SeeksAndReadsAcrossClusters) {
    auto file = volume.open("/Documents/big.bin");
    ASSERT_TRUE(file.is_ok());
    ASSERT_TRUE(volume.seek(file.value(), 70000).is_ok());
    uint8_t buffer[3000];
    auto n = volume.read(file.value(), Span<uint8_t>(buffer, sizeof(buffer)));
    ASSERT_TRUE(n.is_ok());
    ASSERT_EQ(n.value(), sizeof(buffer));
    EXPECT_EQ(std::string(reinterpret_cast<char*>(buffer), sizeof(buffer)),
              big.substr(70000, 3000));
    ASSERT_TRUE(volume.seek(file.value(), uint32_t(big.size() - 5)).is_ok());
    auto tail = volume.read(file.value(), Span<uint8_t>(buffer, sizeof(buffer)));
    ASSERT_TRUE(tail.is_ok());
    EXPECT_EQ(tail.value(), 5u);
    EXPECT_EQ(volume.read(file.value(), Span<uint8_t>(buffer, sizeof(buffer))).value(), 0u);
}

TEST_F(Fat32Read, ReadOnlyMountRefusesWrites) {
    EXPECT_EQ(volume.mkdir("/new").error(), kReadOnly);
    EXPECT_EQ(volume.open("/new.txt", {.create = true}).error(), kReadOnly);
    EXPECT_EQ(volume.unlink("/readme.txt").error(), kReadOnly);
    size_t writes = disk->writes;
    ASSERT_TRUE(volume.unmount().is_ok());
    EXPECT_EQ(disk->writes, writes);
    EXPECT_EQ(disk->bytes(), load(image)) << "a read-only mount changed the image";
}

TEST_F(Fat32Read, ReportsVolumeFacts) {
    auto fetched = volume.info();
    ASSERT_TRUE(fetched.is_ok()) << volume.problem();
    VolumeInfo info = fetched.value();
    EXPECT_EQ(info.cluster_bytes, 512u);
    EXPECT_GT(info.cluster_count, 65524u);
    EXPECT_TRUE(info.was_clean);
    EXPECT_EQ(std::string(reinterpret_cast<const char*>(info.label), 11), "MICA       ");
    // minfo's free figure is the FSInfo one; ours comes from counting the FAT.
    auto minfo = run("mdir -i '" + image + "' ::/ | grep 'bytes free'");
    std::string digits;
    for (char c : minfo.output) {
        if (c >= '0' && c <= '9')
            digits += c;
    }
    EXPECT_EQ(std::to_string(uint64_t(info.free_clusters) * 512), digits) << minfo.output;
}

} // namespace
