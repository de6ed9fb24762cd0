// Writing: after the library creates, writes, renames, deletes, makes directories and
// truncates, fsck.fat -n must find nothing to fix and mtools must see exactly what was written.

#include "fat32_test_support.h"

#include <set>

using namespace fat32_test;
using namespace mica;
using namespace mica::fs::fat32;

namespace {

class FixedClock final : public Clock {
public:
    DateTime now() override {
        return DateTime{
            .year = 2024, .month = 5, .day = 17, .hour = 13, .minute = 45, .second = 30};
    }
};

class Fat32Write : public testing::Test {
protected:
    void SetUp() override {
        FAT32_REQUIRE_TOOLS("mkfs.fat", "fsck.fat", "mcopy", "mtype", "mdir");
        dir = scratch_dir();
        image = make_volume(dir);
        write_text_file(dir + "/old.txt", "old contents\n");
        auto copied = run("mcopy -i '" + image + "' '" + dir + "/old.txt' ::/old.txt");
        ASSERT_EQ(copied.status, 0) << copied.output;
        disk = std::make_unique<MemoryDisk>(load(image));
        ASSERT_TRUE(
            volume.mount(*disk, cache.span(), {.read_only = false, .clock = &clock}).is_ok())
            << volume.problem();
    }

    // Unmounts, writes the image back and checks it with fsck.fat.
    void finish() {
        ASSERT_TRUE(volume.unmount().is_ok()) << volume.problem();
        save(image, disk->bytes());
        auto fsck = run("fsck.fat -n '" + image + "'");
        EXPECT_EQ(fsck.status, 0) << fsck.output;
        EXPECT_EQ(fsck.output.find("Dirty bit"), std::string::npos) << fsck.output;
        EXPECT_EQ(fsck.output.find("differ"), std::string::npos) << fsck.output;
    }

    void write_file(const char* path, const std::string& data) {
        auto file = volume.open(path, {.create = true, .truncate = true});
        ASSERT_TRUE(file.is_ok()) << path << ": " << volume.problem();
        auto written = volume.write(file.value(), bytes_of(data));
        ASSERT_TRUE(written.is_ok()) << path << ": " << volume.problem();
        EXPECT_EQ(written.value(), data.size());
    }

    std::string mtype(const std::string& path) {
        auto result = run("mtype -i '" + image + "' " + shell_quote("::" + path));
        EXPECT_EQ(result.status, 0) << result.output;
        return result.output;
    }

    // Every path on the volume, as `mdir -/ -b` prints them (directories end with '/').
    std::set<std::string> all_paths() {
        auto result = run("mdir -/ -b -i '" + image + "' ::/");
        std::set<std::string> paths;
        size_t start = 0;
        while (start < result.output.size()) {
            size_t end = result.output.find('\n', start);
            if (end == std::string::npos)
                end = result.output.size();
            std::string line = result.output.substr(start, end - start);
            if (line.rfind("::/", 0) == 0) // not "No files" or an error about an empty root
                paths.insert(line);
            start = end + 1;
        }
        return paths;
    }

    std::string dir, image;
    std::unique_ptr<MemoryDisk> disk;
    CacheMemory cache;
    FixedClock clock;
    Volume volume;
};

TEST_F(Fat32Write, CreatedFilesAreWhatMtoolsSees) {
    std::string big = pattern(300 * 1024 + 3, 7);
    write_file("/short.txt", "short\n");
    write_file("/lower.txt", "lower\n");
    write_file("/A rather long name for a file.markdown", "long\n");
    write_file("/Ünïcödé ✓.txt", "unicode\n");
    write_file("/big.bin", big);
    write_file("/empty", "");
    ASSERT_TRUE(volume.mkdir("/Projects").is_ok()) << volume.problem();
    ASSERT_TRUE(volume.mkdir("/Projects/Mica OS").is_ok()) << volume.problem();
    write_file("/Projects/Mica OS/notes.md", "nested\n");
    finish();
    EXPECT_EQ(mtype("/short.txt"), "short\n");
    EXPECT_EQ(mtype("/A rather long name for a file.markdown"), "long\n");
    EXPECT_EQ(mtype("/Ünïcödé ✓.txt"), "unicode\n");
    EXPECT_EQ(mtype("/big.bin"), big);
    EXPECT_EQ(mtype("/Projects/Mica OS/notes.md"), "nested\n");
    EXPECT_EQ(all_paths(),
              (std::set<std::string>{"::/old.txt", "::/short.txt", "::/lower.txt",
                                     "::/A rather long name for a file.markdown",
                                     "::/Ünïcödé ✓.txt", "::/big.bin", "::/empty", "::/Projects/",
                                     "::/Projects/Mica OS/", "::/Projects/Mica OS/notes.md"}));
    auto listing = run("mdir -i '" + image + "' ::/");
    EXPECT_NE(listing.output.find("2024-05-17  13:45"), std::string::npos) << listing.output;
}

TEST_F(Fat32Write, ManyFilesWithOneBasisGetUniqueShortNames) {
    for (int i = 0; i < 12; ++i) {
        std::string name = "/Quarterly report number " + std::to_string(i) + ".txt";
        write_file(name.c_str(), std::to_string(i));
    }
    finish();
    for (int i = 0; i < 12; ++i)
        EXPECT_EQ(mtype("/Quarterly report number " + std::to_string(i) + ".txt"),
                  std::to_string(i));
    auto shorts = run("mdir -i '" + image + "' ::/ | grep -c QUART");
    EXPECT_EQ(shorts.output, "12\n");
}

TEST_F(Fat32Write, GrowsDirectoriesBeyondOneCluster) {
    ASSERT_TRUE(volume.mkdir("/many").is_ok());
    // 40 names of 3 entries each: far more than one 512-byte cluster (16 entries) holds.
    for (int i = 0; i < 40; ++i)
        write_file(("/many/entry with a long name " + std::to_string(i)).c_str(), "x");
    finish();
    EXPECT_EQ(all_paths().size(), 1u + 1u + 40u); // old.txt, many/ and its files
}

TEST_F(Fat32Write, OverwritesAppendsAndSeeksPastTheEnd) {
    auto file = volume.open("/old.txt");
    ASSERT_TRUE(file.is_ok());
    ASSERT_TRUE(volume.seek(file.value(), 4).is_ok());
    ASSERT_TRUE(volume.write(file.value(), bytes_of("NEW")).is_ok());
    ASSERT_TRUE(volume.seek(file.value(), 20).is_ok());
    ASSERT_TRUE(volume.write(file.value(), bytes_of("tail")).is_ok());
    EXPECT_EQ(file.value().size, 24u);
    finish();
    EXPECT_EQ(mtype("/old.txt"), std::string("old NEWtents\n") + std::string(7, '\0') + "tail");
}

TEST_F(Fat32Write, TruncatesDownAndUp) {
    std::string big = pattern(5000, 3);
    write_file("/t.bin", big);
    auto file = volume.open("/t.bin");
    ASSERT_TRUE(file.is_ok());
    ASSERT_TRUE(volume.truncate(file.value(), 1000).is_ok()) << volume.problem();
    ASSERT_TRUE(volume.truncate(file.value(), 1600).is_ok()) << volume.problem();
    auto gone = volume.open("/old.txt", {.truncate = true});
    ASSERT_TRUE(gone.is_ok());
    finish();
    EXPECT_EQ(mtype("/t.bin"), big.substr(0, 1000) + std::string(600, '\0'));
    EXPECT_EQ(mtype("/old.txt"), "");
}

TEST_F(Fat32Write, RenamesWithinAndAcrossDirectories) {
    ASSERT_TRUE(volume.mkdir("/from").is_ok());
    ASSERT_TRUE(volume.mkdir("/to").is_ok());
    ASSERT_TRUE(volume.mkdir("/from/inner").is_ok());
    write_file("/from/inner/file.txt", "inner\n");
    write_file("/from/a.txt", "a\n");
    ASSERT_TRUE(volume.rename("/old.txt", "/Renamed old file.txt").is_ok()) << volume.problem();
    ASSERT_TRUE(volume.rename("/from/a.txt", "/to/b.txt").is_ok()) << volume.problem();
    ASSERT_TRUE(volume.rename("/from/inner", "/to/moved inner").is_ok()) << volume.problem();
    ASSERT_TRUE(volume.rename("/to/b.txt", "/to/B.TXT").is_ok()) << volume.problem();
    EXPECT_EQ(volume.rename("/to", "/to/moved inner/loop").error(), Error::InvalidArgument);
    // ".." of the moved directory now leads to its new parent.
    auto up = volume.open("/to/moved inner/../B.TXT");
    EXPECT_TRUE(up.is_ok()) << volume.problem();
    finish();
    EXPECT_EQ(mtype("/Renamed old file.txt"), "old contents\n");
    EXPECT_EQ(mtype("/to/B.TXT"), "a\n");
    EXPECT_EQ(mtype("/to/moved inner/file.txt"), "inner\n");
    EXPECT_EQ(all_paths(),
              (std::set<std::string>{"::/Renamed old file.txt", "::/from/", "::/to/", "::/to/B.TXT",
                                     "::/to/moved inner/", "::/to/moved inner/file.txt"}));
}

TEST_F(Fat32Write, RenameReplacesAnExistingFile) {
    write_file("/new.txt", "new\n");
    ASSERT_TRUE(volume.rename("/new.txt", "/old.txt").is_ok()) << volume.problem();
    ASSERT_TRUE(volume.mkdir("/d").is_ok());
    EXPECT_EQ(volume.rename("/old.txt", "/d").error(), kIsDirectory);
    finish();
    EXPECT_EQ(mtype("/old.txt"), "new\n");
    EXPECT_EQ(all_paths(), (std::set<std::string>{"::/old.txt", "::/d/"}));
}

TEST_F(Fat32Write, UnlinksFilesAndEmptyDirectories) {
    uint32_t free_before = volume.info().value().free_clusters;
    ASSERT_TRUE(volume.mkdir("/dir").is_ok());
    write_file("/dir/file with long name.bin", pattern(4000, 9));
    EXPECT_EQ(volume.unlink("/dir").error(), kNotEmpty);
    ASSERT_TRUE(volume.unlink("/dir/file with long name.bin").is_ok()) << volume.problem();
    ASSERT_TRUE(volume.unlink("/dir").is_ok()) << volume.problem();
    ASSERT_TRUE(volume.unlink("/old.txt").is_ok());
    EXPECT_EQ(volume.unlink("/old.txt").error(), Error::NotFound);
    EXPECT_EQ(volume.unlink("/").error(), Error::InvalidArgument);
    EXPECT_EQ(volume.info().value().free_clusters, free_before + 1);
    finish();
    EXPECT_TRUE(all_paths().empty());
}

TEST_F(Fat32Write, RefusesBadNames) {
    EXPECT_EQ(volume.open("/a*b", {.create = true}).error(), kBadName);
    EXPECT_EQ(volume.open("/trailing.", {.create = true}).error(), kBadName);
    std::string too_long = "/" + std::string(256, 'x');
    EXPECT_EQ(volume.mkdir(too_long.c_str()).error(), kBadName);
    EXPECT_EQ(volume.mkdir("/old.txt").error(), Error::AlreadyExists);
    EXPECT_EQ(volume.open("/old.txt", {.create = true, .exclusive = true}).error(),
              Error::AlreadyExists);
    EXPECT_EQ(volume.open("/missing/x", {.create = true}).error(), Error::NotFound);
    finish();
}

TEST_F(Fat32Write, FullDiskFailsCleanlyWithoutLosingClusters) {
    auto file = volume.open("/filler.bin", {.create = true});
    ASSERT_TRUE(file.is_ok());
    std::string chunk = pattern(1024 * 1024, 5);
    size_t written = 0;
    for (size_t size : {size_t(1024 * 1024), size_t(64 * 1024), size_t(4096), size_t(512)}) {
        Error error = Error::InvalidArgument;
        for (;;) {
            auto result = volume.write(file.value(), bytes_of(chunk.substr(0, size)));
            if (result.is_error()) {
                error = result.error();
                break;
            }
            written += result.value();
        }
        EXPECT_EQ(error, kNoSpace) << volume.problem();
    }
    EXPECT_EQ(volume.info().value().free_clusters, 0u);
    EXPECT_EQ(file.value().size, written);
    // A new file on a full disk: the name fits in the root's free entries, the data does not.
    auto other = volume.open("/other.bin", {.create = true});
    ASSERT_TRUE(other.is_ok()) << volume.problem();
    EXPECT_EQ(volume.write(other.value(), bytes_of("x")).error(), kNoSpace);
    finish();
    auto listing = run("mdir -i '" + image + "' ::/filler.bin");
    EXPECT_NE(listing.output.find(std::to_string(written)), std::string::npos) << listing.output;
    EXPECT_EQ(mtype("/filler.bin").size(), written);
}

TEST_F(Fat32Write, MarksTheVolumeDirtyWhileMountedAndCleanAfter) {
    // FAT[1] lies at byte 4 of the first FAT (after 32 reserved sectors).
    auto fat1 = [&](const std::vector<uint8_t>& bytes) {
        size_t at = 32 * 512 + 4;
        return uint32_t(bytes[at]) | uint32_t(bytes[at + 1]) << 8 | uint32_t(bytes[at + 2]) << 16 |
               uint32_t(bytes[at + 3]) << 24;
    };
    EXPECT_EQ(fat1(disk->bytes()) & 0x08000000u, 0u) << "not marked dirty while mounted";
    write_file("/x.txt", "x");
    ASSERT_TRUE(volume.sync().is_ok());
    EXPECT_EQ(fat1(disk->bytes()) & 0x08000000u, 0u) << "sync must not mark the volume clean";
    finish();
    EXPECT_NE(fat1(disk->bytes()) & 0x08000000u, 0u) << "not marked clean at unmount";
    // Both FAT copies carry the same entries.
    size_t fat_bytes = 536 * 512;
    auto& bytes = disk->bytes();
    EXPECT_TRUE(std::equal(bytes.begin() + 32 * 512, bytes.begin() + 32 * 512 + fat_bytes,
                           bytes.begin() + 32 * 512 + fat_bytes));
}

TEST_F(Fat32Write, SyncWritesBackAndKeepsFsInfoExact) {
    write_file("/synced.txt", pattern(3000, 2));
    size_t writes = disk->writes;
    ASSERT_TRUE(volume.sync().is_ok());
    EXPECT_GT(disk->writes, writes);
    EXPECT_GT(disk->flushes, 0u);
    // A copy taken after sync (a power cut now) holds the file.
    save(image, disk->bytes());
    EXPECT_EQ(mtype("/synced.txt"), pattern(3000, 2));
    auto fsinfo_free = [&](const std::vector<uint8_t>& bytes) {
        size_t at = 512 + 488;
        return uint32_t(bytes[at]) | uint32_t(bytes[at + 1]) << 8 | uint32_t(bytes[at + 2]) << 16 |
               uint32_t(bytes[at + 3]) << 24;
    };
    EXPECT_EQ(fsinfo_free(disk->bytes()), volume.info().value().free_clusters);
    finish();
}

TEST_F(Fat32Write, DeviceFailureIsReportedAndDirtyDataKept) {
    write_file("/kept.txt", "kept\n");
    disk->fail_io = true;
    auto synced = volume.sync();
    ASSERT_TRUE(synced.is_error());
    EXPECT_EQ(synced.error(), Error::PeerClosed);
    // Reading FSInfo back in or writing dirty sectors: either way the device is named.
    EXPECT_EQ(std::string(volume.problem()).rfind("block device ", 0), 0u) << volume.problem();
    // The driver is back: the sectors that failed to write are still dirty and go out now.
    disk->fail_io = false;
    finish();
    EXPECT_EQ(mtype("/kept.txt"), "kept\n");
}

} // namespace
