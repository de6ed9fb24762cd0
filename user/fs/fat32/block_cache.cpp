#include <fs/fat32/block_cache.h>

namespace mica::fs::fat32 {

Result<void> BlockCache::init(BlockDevice& device, uint32_t sector_size, Span<uint8_t> memory) {
    uint32_t block = device.block_size();
    if (block == 0 || sector_size < block || sector_size % block != 0)
        return Error::Unsupported;
    auto address = reinterpret_cast<uintptr_t>(memory.data());
    size_t skip = (alignof(Slot) - address % alignof(Slot)) % alignof(Slot);
    if (memory.size() < skip)
        return Error::NoMemory;
    size_t usable = memory.size() - skip;
    size_t count = usable / (sizeof(Slot) + sector_size);
    if (count < 2)
        return Error::NoMemory;
    m_device = &device;
    m_slots = reinterpret_cast<Slot*>(memory.data() + skip);
    m_data = memory.data() + skip + count * sizeof(Slot);
    m_slot_count = count;
    m_sector_size = sector_size;
    m_blocks_per_sector = sector_size / block;
    m_clock = 0;
    m_mirror_first = 0;
    m_mirror_length = 0;
    m_mirror_copies = 1;
    drop_all();
    return {};
}

void BlockCache::set_mirror(uint64_t first, uint64_t length, uint32_t copies) {
    m_mirror_first = first;
    m_mirror_length = length;
    m_mirror_copies = copies;
}

void BlockCache::drop_all() {
    for (size_t i = 0; i < m_slot_count; ++i)
        m_slots[i] = Slot{.sector = 0, .last_use = 0, .valid = false, .dirty = false};
}

Result<void> BlockCache::write_back(size_t index) {
    Slot& slot = m_slots[index];
    Bytes data(data_of(index), m_sector_size);
    bool mirrored = slot.sector >= m_mirror_first && slot.sector - m_mirror_first < m_mirror_length;
    uint32_t copies = mirrored ? m_mirror_copies : 1;
    for (uint32_t copy = 0; copy < copies; ++copy) {
        uint64_t sector = slot.sector + uint64_t(copy) * m_mirror_length;
        auto written =
            m_device->write_blocks(sector * m_blocks_per_sector, m_blocks_per_sector, data);
        if (written.is_error())
            return device_failed(written.error(), "block device write failed");
    }
    slot.dirty = false;
    return {};
}

Result<size_t> BlockCache::slot_for(uint64_t sector, bool overwrite_whole) {
    size_t victim = 0;
    for (size_t i = 0; i < m_slot_count; ++i) {
        Slot& slot = m_slots[i];
        if (slot.valid && slot.sector == sector) {
            slot.last_use = ++m_clock;
            return i;
        }
        // Least recently used; an empty slot is older than any used one.
        const Slot& best = m_slots[victim];
        uint64_t age = slot.valid ? slot.last_use : 0;
        uint64_t best_age = best.valid ? best.last_use : 0;
        if (age < best_age)
            victim = i;
    }
    if (m_slots[victim].valid && m_slots[victim].dirty)
        TRY(write_back(victim));
    m_slots[victim].valid = false;
    if (!overwrite_whole) {
        Span<uint8_t> data(data_of(victim), m_sector_size);
        auto read = m_device->read_blocks(sector * m_blocks_per_sector, m_blocks_per_sector, data);
        if (read.is_error())
            return device_failed(read.error(), "block device read failed");
    }
    m_slots[victim] = Slot{.sector = sector, .last_use = ++m_clock, .valid = true, .dirty = false};
    return victim;
}

Result<void> BlockCache::read(uint64_t sector, uint32_t offset, Span<uint8_t> out) {
    if (offset > m_sector_size || out.size() > m_sector_size - offset)
        return Error::OutOfRange;
    size_t index = TRY(slot_for(sector, false));
    __builtin_memcpy(out.data(), data_of(index) + offset, out.size());
    return {};
}

Result<void> BlockCache::write(uint64_t sector, uint32_t offset, Bytes data) {
    if (offset > m_sector_size || data.size() > m_sector_size - offset)
        return Error::OutOfRange;
    size_t index = TRY(slot_for(sector, offset == 0 && data.size() == m_sector_size));
    __builtin_memcpy(data_of(index) + offset, data.data(), data.size());
    m_slots[index].dirty = true;
    return {};
}

Result<void> BlockCache::fill(uint64_t sector, uint8_t value) {
    size_t index = TRY(slot_for(sector, true));
    __builtin_memset(data_of(index), value, m_sector_size);
    m_slots[index].dirty = true;
    return {};
}

Result<void> BlockCache::flush_dirty() {
    for (size_t i = 0; i < m_slot_count; ++i) {
        if (m_slots[i].valid && m_slots[i].dirty)
            TRY(write_back(i));
    }
    return {};
}

} // namespace mica::fs::fat32
