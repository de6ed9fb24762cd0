#pragma once
// Shared by the fat32_*_test.cpp files: an in-memory BlockDevice over a disk image, and helpers
// that run Debian's tools (mkfs.fat, mtools, fsck.fat, sgdisk) on image files. The tools are
// the oracle: images they make must read correctly, images we write must satisfy them.

#include <fs/fat32/volume.h>
#include <fs/partition/block_device.h>

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

namespace fat32_test {

// An image in memory; counts writes and flushes so tests can see the cache at work, and can
// fail all I/O.
class MemoryDisk final : public mica::fs::BlockDevice {
public:
    explicit MemoryDisk(std::vector<uint8_t> bytes, uint32_t block_size = 512)
        : m_bytes(std::move(bytes)), m_block_size(block_size) {}

    uint32_t block_size() const override { return m_block_size; }
    uint64_t block_count() const override { return m_bytes.size() / m_block_size; }
    mica::Result<void> read_blocks(uint64_t first, uint32_t count,
                                   mica::Span<uint8_t> buffer) override {
        if (fail_io)
            return mica::Error::PeerClosed;
        if (first > block_count() || count > block_count() - first ||
            buffer.size() != size_t(count) * m_block_size)
            return mica::Error::OutOfRange;
        std::copy_n(m_bytes.begin() + first * m_block_size, buffer.size(), buffer.data());
        return {};
    }
    mica::Result<void> write_blocks(uint64_t first, uint32_t count, mica::Bytes data) override {
        if (fail_io)
            return mica::Error::PeerClosed;
        if (first > block_count() || count > block_count() - first ||
            data.size() != size_t(count) * m_block_size)
            return mica::Error::OutOfRange;
        std::copy_n(data.data(), data.size(), m_bytes.begin() + first * m_block_size);
        ++writes;
        return {};
    }
    mica::Result<void> flush() override {
        ++flushes;
        return {};
    }

    std::vector<uint8_t>& bytes() { return m_bytes; }
    size_t writes = 0;
    size_t flushes = 0;
    bool fail_io = false; // as if the driver died: every read and write fails

private:
    std::vector<uint8_t> m_bytes;
    uint32_t m_block_size;
};

struct CommandResult {
    int status;
    std::string output;
};

// Runs a shell command, capturing stdout and stderr together.
inline CommandResult run(const std::string& command) {
    std::string full = "PATH=\"$PATH:/usr/sbin:/sbin\"; " + command + " 2>&1";
    FILE* pipe = popen(full.c_str(), "r");
    if (!pipe)
        return {-1, "popen failed"};
    std::string output;
    char buffer[4096];
    size_t n;
    while ((n = fread(buffer, 1, sizeof(buffer), pipe)) > 0)
        output.append(buffer, n);
    int status = pclose(pipe);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

inline bool have_tool(const char* name) {
    return run(std::string("command -v ") + name + " >/dev/null").status == 0;
}

// Skips the test (with the reason) unless every Debian tool it shells out to is installed.
#define FAT32_REQUIRE_TOOLS(...)                                                                   \
    do {                                                                                           \
        for (const char* tool : {__VA_ARGS__}) {                                                   \
            if (!fat32_test::have_tool(tool))                                                      \
                GTEST_SKIP() << tool << " is missing: run `make deps` (tools/deps.sh)";            \
        }                                                                                          \
    } while (0)

// A fresh scratch directory per test.
inline std::string scratch_dir() {
    const auto* info = testing::UnitTest::GetInstance()->current_test_info();
    std::string dir =
        testing::TempDir() + "mica_fat32_" + info->test_suite_name() + "_" + info->name();
    run("rm -rf '" + dir + "' && mkdir -p '" + dir + "'");
    return dir;
}

inline std::vector<uint8_t> load(const std::string& path) {
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    std::vector<uint8_t> bytes(in ? size_t(in.tellg()) : 0);
    in.seekg(0);
    in.read(reinterpret_cast<char*>(bytes.data()), std::streamsize(bytes.size()));
    return bytes;
}

inline void save(const std::string& path, const std::vector<uint8_t>& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
}

inline void write_text_file(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
}

// A deterministic byte pattern, so multi-cluster contents are checked byte for byte.
inline std::string pattern(size_t size, unsigned seed) {
    std::string data(size, '\0');
    uint32_t state = seed * 2654435761u + 1;
    for (size_t i = 0; i < size; ++i) {
        state = state * 1103515245u + 12345u;
        data[i] = char('a' + (state >> 16) % 26);
    }
    return data;
}

// A 34 MiB FAT32 volume with 512-byte clusters: the smallest size mkfs.fat makes FAT32 with
// more than 65524 clusters, and small clusters make multi-cluster files cheap.
inline std::string make_volume(const std::string& dir, const std::string& extra = "") {
    std::string image = dir + "/volume.img";
    auto made = run("truncate -s 34M '" + image + "' && mkfs.fat -F 32 -s 1 -n MICA " + extra +
                    " '" + image + "'");
    EXPECT_EQ(made.status, 0) << made.output;
    return image;
}

inline std::string shell_quote(const std::string& text) {
    std::string quoted = "'";
    for (char c : text) {
        if (c == '\'')
            quoted += "'\\''";
        else
            quoted += c;
    }
    return quoted + "'";
}

// Cache memory for a mount: 32 sectors of up to 4 KiB.
struct CacheMemory {
    std::vector<uint8_t> bytes =
        std::vector<uint8_t>(mica::fs::fat32::BlockCache::memory_for(32, 4096));
    mica::Span<uint8_t> span() { return mica::Span<uint8_t>(bytes.data(), bytes.size()); }
};

inline std::string read_all(mica::fs::fat32::Volume& volume, mica::fs::fat32::File& file) {
    std::string data;
    char buffer[1000]; // not a sector multiple, to cross sector and cluster edges
    for (;;) {
        auto n = volume.read(
            file, mica::Span<uint8_t>(reinterpret_cast<uint8_t*>(buffer), sizeof(buffer)));
        EXPECT_TRUE(n.is_ok()) << volume.problem();
        if (n.is_error() || n.value() == 0)
            return data;
        data.append(buffer, n.value());
    }
}

inline mica::Bytes bytes_of(const std::string& text) {
    return mica::Bytes(reinterpret_cast<const uint8_t*>(text.data()), text.size());
}

} // namespace fat32_test
