#include "driver_block_device.h"

#include <mica/print.h>
#include <string.h>

namespace mica::vfs::disk {

namespace {

constexpr uint64_t kMaxTransfer = block::protocol::kMaxTransferBytes;

} // namespace

SysResult<DriverBlockDevice*> DriverBlockDevice::open(abi::Handle devmgr, uint64_t index,
                                                      abi::IpcBuffer& ipc) {
    block::Client connected = TRY(block::Client::open(devmgr, index, ipc));
    uint32_t size = connected.block_size();
    // The FAT32 library needs a power of two of at least 512 (fs::BlockDevice) and the buffer
    // must hold one block.
    if (size < 512 || (size & (size - 1)) != 0 || size > kMaxTransfer)
        return SysError{abi::Status::Unsupported, "block Connect", "unusable block size"};
    auto* client = new block::Client(move(connected));
    auto* device = new DriverBlockDevice(devmgr, index, ipc, client);
    return device;
}

Result<void> DriverBlockDevice::check_range(uint64_t first, uint32_t count, size_t bytes) const {
    if (bytes != uint64_t(count) * m_block_size)
        return Error::InvalidArgument;
    if (first > m_block_count || count > m_block_count - first)
        return Error::OutOfRange;
    return {};
}

Result<void> DriverBlockDevice::read_blocks(uint64_t first, uint32_t count, Span<uint8_t> buffer) {
    TRY(check_range(first, count, buffer.size()));
    uint32_t per_call = uint32_t(kMaxTransfer / m_block_size);
    for (uint32_t done = 0; done < count;) {
        uint32_t now = count - done < per_call ? count - done : per_call;
        TRY(call(Kind::Read, first + done, now, buffer.data() + size_t(done) * m_block_size,
                 nullptr));
        done += now;
    }
    return {};
}

Result<void> DriverBlockDevice::write_blocks(uint64_t first, uint32_t count, Bytes data) {
    TRY(check_range(first, count, data.size()));
    uint32_t per_call = uint32_t(kMaxTransfer / m_block_size);
    for (uint32_t done = 0; done < count;) {
        uint32_t now = count - done < per_call ? count - done : per_call;
        // The bytes live in the caller's memory, not the shared buffer, until call() copies
        // them: a retry after a reconnect has a fresh buffer to fill.
        TRY(call(Kind::Write, first + done, now, nullptr,
                 data.data() + size_t(done) * m_block_size));
        done += now;
    }
    return {};
}

Result<void> DriverBlockDevice::flush() { return call(Kind::Flush, 0, 0, nullptr, nullptr); }

Result<void> DriverBlockDevice::call(Kind kind, uint64_t first, uint32_t count, uint8_t* out,
                                     const uint8_t* in) {
    if (!m_client && !reconnect())
        return fail(Error::PeerClosed);
    auto result = call_once(kind, first, count, out, in);
    if (result.is_error() && result.error().status == abi::Status::PeerClosed) {
        // The driver died; devmgr restarts it. One retry on a fresh session, no more.
        if (!reconnect())
            return fail(Error::PeerClosed);
        result = call_once(kind, first, count, out, in);
    }
    if (result.is_error()) {
        println("vfs: /disk: {}", result.error());
        return fail(Error::BadState);
    }
    return {};
}

SysResult<void> DriverBlockDevice::call_once(Kind kind, uint64_t first, uint32_t count,
                                             uint8_t* out, const uint8_t* in) {
    size_t bytes = size_t(count) * m_block_size;
    switch (kind) {
    case Kind::Read:
        TRY(m_client->read(first, count));
        memcpy(out, m_client->buffer(), bytes);
        return {};
    case Kind::Write: memcpy(m_client->buffer(), in, bytes); return m_client->write(first, count);
    case Kind::Flush: return m_client->flush();
    }
    return SysError{abi::Status::InvalidArgument, "block request"};
}

bool DriverBlockDevice::reconnect() {
    delete m_client;
    m_client = nullptr;
    auto fresh = block::Client::open(m_devmgr, m_index, m_ipc);
    if (fresh.is_error()) {
        println("vfs: /disk: cannot reconnect to the block driver: {}", fresh.error());
        return false;
    }
    // Another disk behind the same index would not be the one the volume was mounted from.
    if (fresh.value().block_size() != m_block_size ||
        fresh.value().block_count() != m_block_count) {
        println("vfs: /disk: the block device changed size across a driver restart");
        return false;
    }
    m_client = new block::Client(move(fresh.value()));
    ++m_reconnects;
    println("vfs: /disk: reconnected to the block driver (generation {})", m_client->generation());
    return true;
}

} // namespace mica::vfs::disk
