#pragma once
// A small write-back cache of filesystem sectors in caller memory. All volume I/O goes through
// it, one sector at a time, copying in and out (no pointer into a slot escapes, so any slot can
// be evicted at any call). Dirty sectors reach the device on eviction or flush_dirty().
//
// Sectors of the first FAT are mirrored: writing one back also writes it to the same place in
// every other FAT copy, which keeps the copies identical without the FAT code knowing.

#include <fs/fat32/problem.h>
#include <fs/partition/block_device.h>

namespace mica::fs::fat32 {

class BlockCache {
public:
    struct Slot {
        uint64_t sector;
        uint64_t last_use;
        bool valid;
        bool dirty;
    };

    // Bytes of memory needed for `slots` slots of `sector_size` bytes.
    static constexpr size_t memory_for(size_t slots, uint32_t sector_size) {
        return slots * (sizeof(Slot) + sector_size) + alignof(Slot);
    }

    // `sector_size` is a multiple of the device's block size. Fails if `memory` holds fewer
    // than two slots.
    Result<void> init(BlockDevice& device, uint32_t sector_size, Span<uint8_t> memory);
    // Where device failures are explained ("block device read failed").
    void set_problem(Problem* problem) { m_problem = problem; }
    // Sectors [first, first + length) are written back `copies` times, `length` apart.
    void set_mirror(uint64_t first, uint64_t length, uint32_t copies);

    // Byte ranges inside one sector.
    Result<void> read(uint64_t sector, uint32_t offset, Span<uint8_t> out);
    Result<void> write(uint64_t sector, uint32_t offset, Bytes data);
    // Overwrites a whole sector with `value` without reading it first.
    Result<void> fill(uint64_t sector, uint8_t value);

    // Writes every dirty sector back (not a device flush: the caller decides when to flush).
    Result<void> flush_dirty();
    // Forgets every slot, dirty or not (after a failed mount).
    void drop_all();

    size_t slot_count() const { return m_slot_count; }
    uint32_t sector_size() const { return m_sector_size; }

private:
    Result<size_t> slot_for(uint64_t sector, bool overwrite_whole);
    Result<void> write_back(size_t index);
    uint8_t* data_of(size_t index) { return m_data + index * size_t(m_sector_size); }

    Error device_failed(Error error, const char* why) {
        return m_problem ? m_problem->fail(error, why) : error;
    }

    BlockDevice* m_device = nullptr;
    Problem* m_problem = nullptr;
    Slot* m_slots = nullptr;
    uint8_t* m_data = nullptr;
    size_t m_slot_count = 0;
    uint32_t m_sector_size = 0;
    uint32_t m_blocks_per_sector = 0;
    uint64_t m_clock = 0;
    uint64_t m_mirror_first = 0;
    uint64_t m_mirror_length = 0;
    uint32_t m_mirror_copies = 1;
};

} // namespace mica::fs::fat32
