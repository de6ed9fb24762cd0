#include <fs/partition/partition_view.h>

namespace mica::fs {

Result<PartitionView> PartitionView::create(BlockDevice& device, uint64_t first_block,
                                            uint64_t block_count) {
    uint64_t total = device.block_count();
    if (first_block > total || block_count > total - first_block)
        return Error::OutOfRange;
    return PartitionView(device, first_block, block_count);
}

Result<void> PartitionView::read_blocks(uint64_t first, uint32_t count, Span<uint8_t> buffer) {
    if (!contains(first, count))
        return Error::OutOfRange;
    return m_device->read_blocks(m_first + first, count, buffer);
}

Result<void> PartitionView::write_blocks(uint64_t first, uint32_t count, Bytes data) {
    if (!contains(first, count))
        return Error::OutOfRange;
    return m_device->write_blocks(m_first + first, count, data);
}

} // namespace mica::fs
