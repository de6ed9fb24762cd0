#pragma once
// The disk as the FAT32 library sees it (fs::BlockDevice), served by a block driver through
// the block protocol (mica/protocol/block.h, libmica's block::Client) found through devmgr.
//
// Transfers go through the session's shared buffer in pieces of at most kMaxTransferBytes, the
// most the driver takes in one call (it keeps that piece's device requests in flight at once).
// When the driver dies (peer_closed), the request reconnects through devmgr once and is retried;
// if that fails too it is an I/O error, and the next request tries again. Nothing waits for a
// driver that is gone: devmgr answers OpenBlock at once, restarted driver or not.

#include <abi/ipc_buffer.h>
#include <fs/partition/block_device.h>
#include <mica/block.h>

namespace mica::vfs::disk {

class DriverBlockDevice final : public fs::BlockDevice {
public:
    // Connects to block device `index` of `devmgr` (borrowed; must outlive this).
    static SysResult<DriverBlockDevice*> open(abi::Handle devmgr, uint64_t index,
                                              abi::IpcBuffer& ipc);
    DriverBlockDevice(const DriverBlockDevice&) = delete;
    DriverBlockDevice& operator=(const DriverBlockDevice&) = delete;
    ~DriverBlockDevice() { delete m_client; }

    uint32_t block_size() const override { return m_block_size; }
    uint64_t block_count() const override { return m_block_count; }
    Result<void> read_blocks(uint64_t first, uint32_t count, Span<uint8_t> buffer) override;
    Result<void> write_blocks(uint64_t first, uint32_t count, Bytes data) override;
    Result<void> flush() override;

    // The FAT32 library reports device failures with the same Error values it uses for its
    // own conditions; the filesystem asks here whether the device failed since the last reset.
    bool failed() const { return m_failed; }
    void reset_failed() { m_failed = false; }
    // Times the session was re-established after the driver went away.
    uint32_t reconnects() const { return m_reconnects; }

private:
    enum class Kind { Read, Write, Flush };

    DriverBlockDevice(abi::Handle devmgr, uint64_t index, abi::IpcBuffer& ipc,
                      block::Client* client)
        : m_devmgr(devmgr), m_index(index), m_ipc(ipc), m_client(client),
          m_block_size(client->block_size()), m_block_count(client->block_count()) {}

    Result<void> check_range(uint64_t first, uint32_t count, size_t bytes) const;
    // One protocol call, with the reconnect-once rule: a read's blocks go to `out`, a write's
    // come from `in`.
    Result<void> call(Kind kind, uint64_t first, uint32_t count, uint8_t* out, const uint8_t* in);
    SysResult<void> call_once(Kind kind, uint64_t first, uint32_t count, uint8_t* out,
                              const uint8_t* in);
    bool reconnect();
    Error fail(Error error) {
        m_failed = true;
        return error;
    }

    abi::Handle m_devmgr;
    uint64_t m_index;
    abi::IpcBuffer& m_ipc;
    block::Client* m_client; // nullptr after a reconnect failed
    uint32_t m_block_size;
    uint64_t m_block_count;
    bool m_failed = false;
    uint32_t m_reconnects = 0;
};

} // namespace mica::vfs::disk
