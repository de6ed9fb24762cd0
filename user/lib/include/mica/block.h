#pragma once
// A client of a block driver (protocol: mica/protocol/block.h), found through devmgr
// (mica/protocol/devmgr.h).
//
//   auto disk = TRY(block::Client::open(devmgr, 0, ipc));    // the first block device
//   memcpy(disk.buffer(), data, 4096);
//   TRY(disk.write(/*block*/ 8, /*count*/ 8));               // from the buffer's start
//   TRY(disk.flush());
//
// A session owns a kMaxTransferBytes buffer shared with the driver. When the driver dies, calls
// fail with peer_closed: open the device again (devmgr restarts its drivers).

#include <abi/ipc_buffer.h>
#include <mica/handle.h>
#include <mica/protocol/block.h>
#include <mica/sys_result.h>

namespace mica::block {

class Client {
public:
    // Asks devmgr (`devmgr`: an endpoint with write) for block device `index` and connects.
    // `ipc` is the calling thread's IPC buffer (handles travel through it).
    static SysResult<Client> open(abi::Handle devmgr, uint64_t index, abi::IpcBuffer& ipc);
    // Connects to a driver endpoint (borrowed; needs write).
    static SysResult<Client> connect(abi::Handle driver, abi::IpcBuffer& ipc);

    Client(Client&& other)
        : m_session(move(other.m_session)), m_buffer_handle(move(other.m_buffer_handle)),
          m_buffer(other.m_buffer), m_block_size(other.m_block_size),
          m_block_count(other.m_block_count), m_generation(other.m_generation) {
        other.m_buffer = nullptr;
    }
    Client& operator=(Client&&) = delete;
    ~Client(); // disconnects and unmaps the buffer

    uint32_t block_size() const { return m_block_size; }
    uint64_t block_count() const { return m_block_count; }
    uint8_t* buffer() const { return m_buffer; }
    uint64_t generation() const { return m_generation; } // devmgr's start count of the driver

    // `count` blocks at `block` into / from the buffer at `offset`.
    SysResult<void> read(uint64_t block, uint64_t count, uint64_t offset = 0);
    SysResult<void> write(uint64_t block, uint64_t count, uint64_t offset = 0);
    SysResult<void> flush();

private:
    Client() = default;
    SysResult<void> request(protocol::Operation operation, uint64_t word0, uint64_t word1,
                            uint64_t word2, const char* step);

    OwnedHandle m_session;
    OwnedHandle m_buffer_handle;
    uint8_t* m_buffer = nullptr;
    uint32_t m_block_size = 0;
    uint64_t m_block_count = 0;
    uint64_t m_generation = 0;
};

} // namespace mica::block
