#pragma once
// A BlockDevice that is a window (first block, block count) of another one: a partition. Requests
// are range-checked against the window, so a filesystem inside cannot reach its neighbours.

#include <fs/partition/block_device.h>

namespace mica::fs {

class PartitionView final : public BlockDevice {
public:
    PartitionView(BlockDevice& device, uint64_t first_block, uint64_t block_count)
        : m_device(&device), m_first(first_block), m_count(block_count) {}

    // A window that does not lie inside the device is an error rather than a view to fail later.
    static Result<PartitionView> create(BlockDevice& device, uint64_t first_block,
                                        uint64_t block_count);

    uint32_t block_size() const override { return m_device->block_size(); }
    uint64_t block_count() const override { return m_count; }
    Result<void> read_blocks(uint64_t first, uint32_t count, Span<uint8_t> buffer) override;
    Result<void> write_blocks(uint64_t first, uint32_t count, Bytes data) override;
    Result<void> flush() override { return m_device->flush(); }

private:
    bool contains(uint64_t first, uint32_t count) const {
        return first <= m_count && count <= m_count - first;
    }

    BlockDevice* m_device;
    uint64_t m_first;
    uint64_t m_count;
};

} // namespace mica::fs
