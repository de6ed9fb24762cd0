// Tests of kernel/lib/cpio: archives written at build time by Debian's cpio (cpio_data.cmake),
// and hand-built ones, well-formed and broken in one way each.

#include <lib/cpio.h>
#include <lib/elf.h>

#include "test_files.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <string>
#include <vector>

namespace mica {
namespace {

std::string str(StringView view) { return std::string(view.data(), view.length()); }
std::string str(Bytes bytes) { return std::string(bytes.begin(), bytes.end()); }

std::vector<uint8_t> load_file(const std::string& name) {
    return test::read_file(MICA_CPIO_DATA_DIR, name);
}

constexpr uint32_t kFile = 0100644;
constexpr uint32_t kDirectory = 0040755;

// Writes newc entries as cpio does; each field can be overridden to break the archive.
class CpioBuilder {
public:
    CpioBuilder& entry(const std::string& name, const std::string& data, uint32_t mode = kFile,
                       const char* magic = "070701") {
        uint32_t check = 0;
        for (unsigned char c : data)
            check += c;
        char header[111];
        std::snprintf(header, sizeof(header),
                      "%s%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X", magic, 1u, mode, 0u,
                      0u, 1u, 0u, unsigned(data.size()), 0u, 0u, 0u, 0u, unsigned(name.size() + 1),
                      std::string(magic) == "070702" ? check : 0u);
        m_bytes.insert(m_bytes.end(), header, header + 110);
        m_bytes.insert(m_bytes.end(), name.begin(), name.end());
        m_bytes.push_back(0);
        pad();
        m_bytes.insert(m_bytes.end(), data.begin(), data.end());
        pad();
        return *this;
    }
    std::vector<uint8_t> finish() {
        entry("TRAILER!!!", "", 0);
        while (m_bytes.size() % 512)
            m_bytes.push_back(0);
        return m_bytes;
    }

private:
    void pad() {
        while (m_bytes.size() % 4)
            m_bytes.push_back(0);
    }
    std::vector<uint8_t> m_bytes;
};

// Overwrites header field `index` (0 = inode ... 12 = check) of the entry at `offset`.
void set_field(std::vector<uint8_t>& archive, size_t offset, int index, const char* digits) {
    std::memcpy(archive.data() + offset + 6 + index * 8, digits, 8);
}
constexpr int kFileSizeField = 6;
constexpr int kNameSizeField = 11;
constexpr int kCheckField = 12;

struct Outcome {
    Result<CpioArchive> archive;
    std::string reason;
};

Outcome parse(const std::vector<uint8_t>& bytes) {
    const char* reason = nullptr;
    auto archive = CpioArchive::parse(Bytes(bytes.data(), bytes.size()), &reason);
    return {archive, reason ? reason : ""};
}

void expect_refused(const std::vector<uint8_t>& bytes, Error error, const std::string& words) {
    auto outcome = parse(bytes);
    ASSERT_TRUE(outcome.archive.is_error()) << "accepted; expected: " << words;
    EXPECT_EQ(outcome.archive.error(), error)
        << error_name(outcome.archive.error()) << ": " << outcome.reason;
    EXPECT_NE(outcome.reason.find(words), std::string::npos) << outcome.reason;
}

// --- Archives written by cpio(1) -----------------------------------------------------------

class CpioFromTool : public ::testing::TestWithParam<const char*> {};

TEST_P(CpioFromTool, ListsTheTree) {
    auto bytes = load_file(GetParam());
    ASSERT_FALSE(bytes.empty()) << GetParam();
    auto outcome = parse(bytes);
    ASSERT_TRUE(outcome.archive.is_ok()) << outcome.reason;
    const CpioArchive& archive = outcome.archive.value();

    std::map<std::string, CpioEntry> entries;
    for (CpioEntry entry : archive)
        entries[str(entry.name)] = entry;
    EXPECT_EQ(entries.size(), archive.count());
    // GNU cpio stores "./x" as "x"; "." stays.
    std::vector<std::string> expected = {".",
                                         "a",
                                         "ab",
                                         "abc",
                                         "abcd",
                                         "bin",
                                         "bin/init",
                                         "bin/motd-link",
                                         "empty",
                                         "etc",
                                         "etc/empty-dir",
                                         "etc/motd",
                                         "numbers"};
    std::vector<std::string> names;
    for (auto& [name, entry] : entries)
        names.push_back(name);
    EXPECT_EQ(names, expected);

    EXPECT_EQ(str(entries["a"].data), "a");
    EXPECT_EQ(str(entries["ab"].data), "ab");
    EXPECT_EQ(str(entries["abc"].data), "abc");
    EXPECT_EQ(str(entries["abcd"].data), "abcd");
    EXPECT_EQ(str(entries["etc/motd"].data), "hello");
    EXPECT_TRUE(entries["empty"].is_regular_file());
    EXPECT_TRUE(entries["empty"].data.is_empty());
    EXPECT_TRUE(entries["etc/empty-dir"].is_directory());
    EXPECT_TRUE(entries["bin/motd-link"].is_symlink());
    EXPECT_EQ(str(entries["bin/motd-link"].data), "../etc/motd");

    std::string numbers;
    for (int i = 1; i <= 1000; ++i)
        numbers += std::to_string(i) + "\n";
    EXPECT_EQ(str(entries["numbers"].data), numbers);
    EXPECT_EQ(entries["numbers"].permissions() & 0600, 0600u);
}

TEST_P(CpioFromTool, FindsByPathAndStartsInit) {
    auto bytes = load_file(GetParam());
    ASSERT_FALSE(bytes.empty());
    auto archive = parse(bytes).archive;
    ASSERT_TRUE(archive.is_ok());
    for (const char* path : {"bin/init", "./bin/init", "/bin/init"}) {
        auto init = archive.value().find(path);
        ASSERT_TRUE(init.is_ok()) << path;
        EXPECT_TRUE(init.value().is_regular_file());
        EXPECT_EQ(str(init.value().name), "bin/init");
    }
    // What issue 5's loader does: find init, then check it as an executable.
    auto init = archive.value().find("bin/init").value();
    const char* reason = nullptr;
    auto image = parse_elf(init.data, ElfMachine::X86_64, 0x0000'8000'0000'0000, &reason);
    EXPECT_TRUE(image.is_ok()) << reason;

    EXPECT_TRUE(archive.value().find("etc").value().is_directory());
    for (const char* missing : {"init", "bin/init2", "bin/ini", "TRAILER!!!", "", "etc/"}) {
        auto result = archive.value().find(missing);
        ASSERT_TRUE(result.is_error()) << missing;
        EXPECT_EQ(result.error(), Error::NotFound);
    }
}

TEST_P(CpioFromTool, EveryTruncationIsRefused) {
    auto bytes = load_file(GetParam());
    ASSERT_FALSE(bytes.empty());
    // The trailer's header and name end within the first bytes of the final 512-byte block.
    auto full = parse(bytes);
    ASSERT_TRUE(full.archive.is_ok());
    size_t step = bytes.size() > 20000 ? 7 : 1;
    for (size_t size = 0; size < bytes.size(); size += step) {
        std::vector<uint8_t> prefix(bytes.begin(), bytes.begin() + long(size));
        auto outcome = parse(prefix);
        if (outcome.archive.is_ok()) {
            EXPECT_EQ(outcome.archive.value().count(), full.archive.value().count());
            continue;
        }
        EXPECT_EQ(outcome.archive.error(), Error::Truncated) << size << ": " << outcome.reason;
    }
}

INSTANTIATE_TEST_SUITE_P(Format, CpioFromTool, ::testing::Values("tree-newc.cpio", "tree-crc.cpio"),
                         [](const auto& info) {
                             return std::string(info.param).find("crc") != std::string::npos
                                        ? "crc"
                                        : "newc";
                         });

TEST(Cpio, CrcArchiveUsesItsMagic) {
    auto bytes = load_file("tree-crc.cpio");
    ASSERT_GE(bytes.size(), 6u);
    EXPECT_EQ(std::string(bytes.begin(), bytes.begin() + 6), "070702");
    bytes = load_file("tree-newc.cpio");
    ASSERT_GE(bytes.size(), 6u);
    EXPECT_EQ(std::string(bytes.begin(), bytes.begin() + 6), "070701");
}

// --- Hand-built archives -------------------------------------------------------------------

TEST(Cpio, HandBuiltArchive) {
    auto bytes =
        CpioBuilder().entry("d", "", kDirectory).entry("d/f", "12345").entry("/g", "x").finish();
    auto outcome = parse(bytes);
    ASSERT_TRUE(outcome.archive.is_ok()) << outcome.reason;
    const CpioArchive& archive = outcome.archive.value();
    EXPECT_EQ(archive.count(), 3u);
    auto f = archive.find("d/f");
    ASSERT_TRUE(f.is_ok());
    EXPECT_EQ(str(f.value().data), "12345");
    EXPECT_EQ(f.value().mode, kFile);
    EXPECT_EQ(f.value().permissions(), 0644u);
    EXPECT_EQ(f.value().inode, 1u);
    EXPECT_EQ(f.value().link_count, 1u);
    EXPECT_EQ(str(archive.find("./g").value().data), "x");
}

TEST(Cpio, EmptyArchiveHasOnlyATrailer) {
    auto outcome = parse(CpioBuilder().finish());
    ASSERT_TRUE(outcome.archive.is_ok()) << outcome.reason;
    EXPECT_EQ(outcome.archive.value().count(), 0u);
    EXPECT_FALSE(outcome.archive.value().begin() != outcome.archive.value().end());
    EXPECT_EQ(outcome.archive.value().find("x").error(), Error::NotFound);
}

TEST(Cpio, LaterDuplicateWins) {
    auto bytes = CpioBuilder().entry("init", "old").entry("./init", "new").finish();
    auto archive = parse(bytes).archive;
    ASSERT_TRUE(archive.is_ok());
    EXPECT_EQ(str(archive.value().find("init").value().data), "new");
}

TEST(Cpio, LowerCaseHexDigits) {
    auto bytes = CpioBuilder().entry("f", std::string(10, 'z')).finish();
    set_field(bytes, 0, kFileSizeField, "0000000a");
    auto archive = parse(bytes).archive;
    ASSERT_TRUE(archive.is_ok());
    EXPECT_EQ(archive.value().find("f").value().data.size(), 10u);
}

TEST(Cpio, MissingTrailer) {
    auto bytes = CpioBuilder().entry("f", "data").finish();
    bytes.resize(112 + 4); // header, "f\0" padded, data; no trailer
    expect_refused(bytes, Error::Truncated, "without a TRAILER!!!");
    expect_refused({}, Error::Truncated, "without a TRAILER!!!");
}

TEST(Cpio, ZerosInsteadOfTrailer) {
    auto bytes = CpioBuilder().entry("f", "data").finish();
    std::fill(bytes.begin() + 116, bytes.end(), 0);
    expect_refused(bytes, Error::Malformed, "magic");
}

TEST(Cpio, BadMagic) {
    auto bytes = CpioBuilder().entry("f", "data").finish();
    bytes[5] = '7'; // 070707 is the old portable (odc) format
    expect_refused(bytes, Error::Malformed, "magic");
}

TEST(Cpio, NonHexDigits) {
    for (int field = 0; field < 13; ++field) {
        auto bytes = CpioBuilder().entry("f", "data").finish();
        bytes[6 + field * 8 + 3] = 'g';
        expect_refused(bytes, Error::Malformed, "non-hexadecimal");
        bytes[6 + field * 8 + 3] = ' ';
        expect_refused(bytes, Error::Malformed, "non-hexadecimal");
    }
}

TEST(Cpio, NameSizeZero) {
    auto bytes = CpioBuilder().entry("f", "data").finish();
    set_field(bytes, 0, kNameSizeField, "00000000");
    expect_refused(bytes, Error::Malformed, "namesize 0");
}

TEST(Cpio, NameSizeHuge) {
    auto bytes = CpioBuilder().entry("f", "data").finish();
    set_field(bytes, 0, kNameSizeField, "FFFFFFFF");
    expect_refused(bytes, Error::Malformed, "PATH_MAX");
    set_field(bytes, 0, kNameSizeField, "00001000"); // 4096: allowed, but past the end
    bytes.resize(1000);
    expect_refused(bytes, Error::Truncated, "name runs past the end");
}

TEST(Cpio, NameNotTerminated) {
    auto bytes = CpioBuilder().entry("file", "data").finish();
    set_field(bytes, 0, kNameSizeField, "00000004"); // ends on the 'e', not the NUL
    expect_refused(bytes, Error::Malformed, "not NUL-terminated");
}

TEST(Cpio, NameWithNul) {
    auto bytes = CpioBuilder().entry("ab", "data").finish();
    bytes[110] = 0;
    expect_refused(bytes, Error::Malformed, "contains a NUL");
}

TEST(Cpio, FileSizePastEnd) {
    auto bytes = CpioBuilder().entry("f", "data").finish();
    set_field(bytes, 0, kFileSizeField, "00001000");
    expect_refused(bytes, Error::Truncated, "data runs past the end");
    set_field(bytes, 0, kFileSizeField, "FFFFFFFF");
    expect_refused(bytes, Error::Truncated, "data runs past the end");
}

TEST(Cpio, FileSizeTooSmallLeavesGarbageWhereAHeaderShouldBe) {
    auto bytes = CpioBuilder().entry("f", "datadata").finish();
    set_field(bytes, 0, kFileSizeField, "00000004");
    expect_refused(bytes, Error::Malformed, "magic");
}

TEST(Cpio, ChecksumIsVerifiedFor070702) {
    auto bytes = CpioBuilder().entry("f", "data", kFile, "070702").finish();
    EXPECT_TRUE(parse(bytes).archive.is_ok());
    set_field(bytes, 0, kCheckField, "00000001");
    expect_refused(bytes, Error::Malformed, "checksum");
    // 070701 ignores the field.
    auto plain = CpioBuilder().entry("f", "data").finish();
    set_field(plain, 0, kCheckField, "00000001");
    EXPECT_TRUE(parse(plain).archive.is_ok());
}

TEST(Cpio, ReasonIsOptional) {
    auto result = CpioArchive::parse(Bytes());
    ASSERT_TRUE(result.is_error());
    EXPECT_EQ(result.error(), Error::Truncated);
}

} // namespace
} // namespace mica
