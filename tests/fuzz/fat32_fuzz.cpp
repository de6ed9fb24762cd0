// libFuzzer target for the FAT32 library (user/fs/fat32). A valid empty FAT32 layout is built in
// memory and the input is laid over its metadata: optionally over the BPB, then over the first
// FAT sector (entries of clusters 2..127) and from there over the data area from cluster 2 (the
// root directory and the clusters after it). The volume is mounted, every directory walked and
// every file read; with flag bit 1 it is also mounted writable and changed, then walked again.
// Any failure must come with a reason; never a crash, a hang or an out-of-bounds access.

#include <fs/fat32/volume.h>

#include <map>
#include <string.h>
#include <string>
#include <vector>

using namespace mica;
using namespace mica::fs;
using namespace mica::fs::fat32;

namespace {

constexpr uint32_t kSector = 512;
constexpr uint32_t kTotalSectors = 69632; // 34 MiB: 68544 one-sector clusters, FAT32
constexpr uint32_t kReserved = 32;
constexpr uint32_t kFatSectors = 536;
constexpr uint32_t kDataStart = kReserved + 2 * kFatSectors;

void check(bool condition) {
    if (!condition)
        __builtin_trap();
}

// Zeros except where something was written: a 34 MiB disk without 34 MiB per input.
class SparseDisk final : public BlockDevice {
public:
    uint32_t block_size() const override { return kSector; }
    uint64_t block_count() const override { return kTotalSectors; }
    Result<void> read_blocks(uint64_t first, uint32_t count, Span<uint8_t> buffer) override {
        check(buffer.size() == size_t(count) * kSector);
        if (first + count > kTotalSectors)
            return Error::OutOfRange;
        for (uint32_t i = 0; i < count; ++i) {
            auto found = m_blocks.find(first + i);
            if (found == m_blocks.end())
                memset(buffer.data() + i * kSector, 0, kSector);
            else
                memcpy(buffer.data() + i * kSector, found->second.data(), kSector);
        }
        return {};
    }
    Result<void> write_blocks(uint64_t first, uint32_t count, Bytes data) override {
        check(data.size() == size_t(count) * kSector);
        if (first + count > kTotalSectors)
            return Error::OutOfRange;
        for (uint32_t i = 0; i < count; ++i)
            block(first + i).assign(data.data() + i * kSector, data.data() + (i + 1) * kSector);
        return {};
    }
    Result<void> flush() override { return {}; }

    std::vector<uint8_t>& block(uint64_t number) {
        auto& bytes = m_blocks[number];
        bytes.resize(kSector);
        return bytes;
    }
    void overlay(uint64_t byte, const uint8_t* data, size_t size) {
        for (size_t i = 0; i < size; ++i)
            block((byte + i) / kSector)[(byte + i) % kSector] = data[i];
    }

private:
    std::map<uint64_t, std::vector<uint8_t>> m_blocks;
};

void put16(uint8_t* p, uint16_t v) {
    p[0] = uint8_t(v);
    p[1] = uint8_t(v >> 8);
}

void put32(uint8_t* p, uint32_t v) {
    put16(p, uint16_t(v));
    put16(p + 2, uint16_t(v >> 16));
}

void format(SparseDisk& disk) {
    uint8_t* boot = disk.block(0).data();
    boot[0] = 0xeb;
    boot[1] = 0x58;
    boot[2] = 0x90;
    put16(boot + 11, kSector);
    boot[13] = 1;
    put16(boot + 14, kReserved);
    boot[16] = 2;
    boot[21] = 0xf8;
    put32(boot + 32, kTotalSectors);
    put32(boot + 36, kFatSectors);
    put32(boot + 44, 2);
    put16(boot + 48, 1);
    put16(boot + 50, 6);
    boot[66] = 0x29;
    memcpy(boot + 71, "FUZZ       FAT32   ", 19);
    boot[510] = 0x55;
    boot[511] = 0xaa;
    uint8_t* fsinfo = disk.block(1).data();
    put32(fsinfo, 0x41615252);
    put32(fsinfo + 484, 0x61417272);
    put32(fsinfo + 488, kTotalSectors - kDataStart - 1); // every cluster but the root's
    put32(fsinfo + 492, 0xffffffff);
    put32(fsinfo + 508, 0xaa550000);
    for (uint32_t copy = 0; copy < 2; ++copy) {
        uint8_t* fat = disk.block(kReserved + copy * kFatSectors).data();
        put32(fat, 0x0ffffff8);
        put32(fat + 4, 0x0fffffff);
        put32(fat + 8, 0x0fffffff);
    }
}

void expect_reason(const Volume& volume) { check(volume.problem()[0] != '\0'); }

// Visits every entry below `path`, reading files; bounded in depth and in entries.
void walk(Volume& volume, std::string path, int depth, int& budget) {
    auto listing = volume.open_directory(path.c_str());
    if (listing.is_error())
        return expect_reason(volume);
    ListedEntry entry;
    for (;;) {
        if (--budget < 0)
            return;
        auto more = volume.read_directory(listing.value(), entry);
        if (more.is_error())
            return expect_reason(volume);
        if (!more.value())
            return;
        check(entry.name_length == strlen(entry.name));
        std::string name(entry.name, entry.name_length);
        if (name == "." || name == "..")
            continue;
        std::string child = path + "/" + name;
        if (entry.stat.is_directory) {
            if (depth < 6)
                walk(volume, child, depth + 1, budget);
            continue;
        }
        auto file = volume.open(child.c_str());
        if (file.is_error()) {
            expect_reason(volume);
            continue;
        }
        uint8_t buffer[4096];
        for (int chunk = 0; chunk < 16; ++chunk) {
            auto n = volume.read(file.value(), Span<uint8_t>(buffer, sizeof(buffer)));
            if (n.is_error()) {
                expect_reason(volume);
                break;
            }
            if (n.value() == 0)
                break;
        }
    }
}

template <typename T>
void note(Volume& volume, const Result<T>& result) {
    if (result.is_error())
        expect_reason(volume);
}

void change(Volume& volume) {
    static uint8_t data[3000];
    note(volume, volume.mkdir("/new dir"));
    auto file = volume.open("/new dir/a file with a long name.txt", {.create = true});
    note(volume, file);
    if (file.is_ok()) {
        note(volume, volume.write(file.value(), Bytes(data, sizeof(data))));
        note(volume, volume.truncate(file.value(), 700));
    }
    note(volume, volume.rename("/new dir/a file with a long name.txt", "/moved.txt"));
    note(volume, volume.unlink("/moved.txt"));
    note(volume, volume.unlink("/new dir"));
    note(volume, volume.sync());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0)
        return 0;
    uint8_t flags = data[0];
    Bytes rest(data + 1, size - 1);
    SparseDisk disk;
    format(disk);
    if (flags & 1) {
        Bytes bpb = rest.subspan(0, 90);
        disk.overlay(11, bpb.data(), bpb.size());
        rest = rest.subspan(bpb.size());
    }
    // From FAT[2]: FAT[0] and FAT[1] are markers (and FAT[1]'s clean bit lets FSInfo be used).
    Bytes fat = rest.subspan(0, kSector - 8);
    disk.overlay(kReserved * kSector + 8, fat.data(), fat.size());
    Bytes clusters = rest.subspan(fat.size());
    disk.overlay(uint64_t(kDataStart) * kSector, clusters.data(), clusters.size());

    static std::vector<uint8_t> cache(BlockCache::memory_for(8, 4096));
    Span<uint8_t> memory(cache.data(), cache.size());
    Volume volume;
    if (volume.mount(disk, memory, {}).is_error()) {
        expect_reason(volume);
        return 0;
    }
    int budget = 512;
    walk(volume, "", 0, budget);
    check(volume.unmount().is_ok());
    if (!(flags & 2))
        return 0;
    // Counting free clusters reads the whole FAT and would dominate each run (the host tests
    // cover it): FSInfo's figure from format() stands in.
    if (volume.mount(disk, memory, {.read_only = false, .trust_fsinfo = true}).is_error())
        return 0;
    change(volume);
    note(volume, volume.unmount());
    if (volume.mount(disk, memory, {}).is_ok()) {
        budget = 512;
        walk(volume, "", 0, budget);
        check(volume.unmount().is_ok());
    }
    return 0;
}
