#pragma once
// The one way the filesystem code reaches a disk: numbered blocks of a fixed size. A virtio-blk
// client, a partition of another device or a host test's image in memory all look like this.
// Every call can fail (a driver restart, a short image) and says so through its Result.

#include <lib/result.h>
#include <lib/span.h>

namespace mica::fs {

class BlockDevice {
public:
    // Bytes per block: a power of two, at least 512.
    virtual uint32_t block_size() const = 0;
    virtual uint64_t block_count() const = 0;
    // `buffer` holds exactly count * block_size() bytes. Blocks past the end are OutOfRange.
    virtual Result<void> read_blocks(uint64_t first, uint32_t count, Span<uint8_t> buffer) = 0;
    virtual Result<void> write_blocks(uint64_t first, uint32_t count, Bytes data) = 0;
    // Returns once every completed write is on stable storage.
    virtual Result<void> flush() = 0;

protected:
    ~BlockDevice() = default;
};

} // namespace mica::fs
