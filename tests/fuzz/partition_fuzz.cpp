// libFuzzer target for the partition-table reader (user/fs/partition). The input (after a flags
// byte) is laid over a 64-block disk from byte 446, the MBR's partition entries, so GPT header
// and entries (blocks 1..) follow soon after. Flag bit 0 forces the MBR signature; bit 1 fixes
// up the primary GPT's CRCs, which random mutation would never match, so the checks behind
// them are reached. The reader must accept the disk with every partition inside it, or refuse
// it with a reason; never crash or read out of bounds.

#include <fs/partition/crc32.h>
#include <fs/partition/partition_table.h>

#include <string.h>
#include <vector>

using namespace mica;
using namespace mica::fs;

namespace {

void check(bool condition) {
    if (!condition)
        __builtin_trap();
}

class InputDisk final : public BlockDevice {
public:
    explicit InputDisk(std::vector<uint8_t> bytes)
        : m_bytes(static_cast<std::vector<uint8_t>&&>(bytes)) {}
    uint32_t block_size() const override { return 512; }
    uint64_t block_count() const override { return m_bytes.size() / 512; }
    Result<void> read_blocks(uint64_t first, uint32_t count, Span<uint8_t> buffer) override {
        check(buffer.size() == size_t(count) * 512);
        if (first > block_count() || count > block_count() - first)
            return Error::OutOfRange;
        memcpy(buffer.data(), m_bytes.data() + first * 512, buffer.size());
        return {};
    }
    Result<void> write_blocks(uint64_t, uint32_t, Bytes) override {
        check(false); // reading a table never writes
        return Error::Unsupported;
    }
    Result<void> flush() override { return {}; }

private:
    std::vector<uint8_t> m_bytes;
};

void put32(uint8_t* p, uint32_t v) {
    for (int i = 0; i < 4; ++i)
        p[i] = uint8_t(v >> (8 * i));
}

uint32_t get32(const uint8_t* p) {
    return uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24;
}

// Recomputes the primary header's entry-array CRC and header CRC, where the fields allow it.
void fix_gpt_crcs(std::vector<uint8_t>& disk) {
    uint8_t* header = disk.data() + 512;
    uint64_t entries_lba = get32(header + 72);
    uint64_t bytes = uint64_t(get32(header + 80)) * get32(header + 84);
    if (entries_lba < disk.size() / 512 && bytes <= disk.size() - entries_lba * 512)
        put32(header + 88, crc32(Bytes(disk.data() + entries_lba * 512, size_t(bytes))));
    uint32_t size = get32(header + 12);
    if (size >= 20 && size <= 512) {
        put32(header + 16, 0);
        put32(header + 16, crc32(Bytes(header, size)));
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0)
        return 0;
    std::vector<uint8_t> bytes(64 * 512);
    size_t copied = size - 1 < bytes.size() - 446 ? size - 1 : bytes.size() - 446;
    memcpy(bytes.data() + 446, data + 1, copied);
    if (data[0] & 1) {
        bytes[510] = 0x55;
        bytes[511] = 0xaa;
    }
    if (data[0] & 2)
        fix_gpt_crcs(bytes);
    InputDisk disk(static_cast<std::vector<uint8_t>&&>(bytes));
    static PartitionTable table;
    uint8_t scratch[512];
    const char* reason = nullptr;
    auto result =
        read_partition_table(disk, Span<uint8_t>(scratch, sizeof(scratch)), table, &reason);
    if (result.is_error()) {
        check(reason != nullptr && reason[0] != '\0');
        return 0;
    }
    check(table.count <= PartitionTable::kMaxPartitions);
    for (size_t i = 0; i < table.count; ++i) {
        const Partition& p = table.partitions[i];
        check(p.block_count > 0);
        check(p.first_block < disk.block_count());
        check(p.block_count <= disk.block_count() - p.first_block);
    }
    return 0;
}
