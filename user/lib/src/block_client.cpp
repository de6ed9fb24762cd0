#include <abi/user_syscalls.h>
#include <mica/block.h>
#include <mica/protocol/devmgr.h>
#include <mica/startup.h>

namespace mica::block {

namespace {

using abi::Rights;
using abi::Status;

// One call: the call's own status, else the status word of the reply.
Status call(abi::Handle endpoint, uint64_t info, uint64_t word0, uint64_t word1, uint64_t word2,
            uint64_t& reply_info, uint64_t (&reply)[3]) {
    Status status = sys::endpoint_call(endpoint, info, abi::kDeadlineInfinite, word0, word1, word2,
                                       &reply_info, &reply[0], &reply[1], &reply[2]);
    return status != Status::Ok ? status : Status(reply[0]);
}

} // namespace

SysResult<Client> Client::open(abi::Handle devmgr, uint64_t index, abi::IpcBuffer& ipc) {
    uint64_t info = 0, reply[3] = {};
    TRY(check(call(devmgr, abi::ipc_info(uint32_t(devmgr::protocol::Operation::OpenBlock), 0, 0),
                   index, 0, 0, info, reply),
              "devmgr OpenBlock"));
    if (abi::ipc_info_handles(info) != 1)
        return SysError{Status::BadState, "devmgr OpenBlock", "no driver endpoint in the reply"};
    OwnedHandle driver(ipc.handles[0]);
    Client client = TRY(connect(driver.get(), ipc));
    client.m_generation = reply[1];
    return client;
}

SysResult<Client> Client::connect(abi::Handle driver, abi::IpcBuffer& ipc) {
    Client client;
    abi::Handle raw = kInvalidHandle;
    TRY(check(sys::memory_object_create(protocol::kMaxTransferBytes, 0, &raw),
              "memory_object_create"));
    client.m_buffer_handle = OwnedHandle(raw);
    uint64_t address = 0;
    TRY(check(sys::address_space_map(startup_handle(abi::StartupRole::SelfAddressSpace), raw, 0,
                                     protocol::kMaxTransferBytes, 0,
                                     abi::map_flags::kRead | abi::map_flags::kWrite, &address),
              "address_space_map"));
    client.m_buffer = reinterpret_cast<uint8_t*>(address);
    OwnedHandle shared = TRY(client.m_buffer_handle.duplicate(Rights::Read | Rights::Write |
                                                              Rights::Map | Rights::Transfer));
    ipc.handles[0] = shared.release(); // moved by the call, whatever happens
    uint64_t info = 0, reply[3] = {};
    TRY(check(call(driver, abi::ipc_info(uint32_t(protocol::Operation::Connect), 0, 1),
                   protocol::kMaxTransferBytes, 0, 0, info, reply),
              "block Connect"));
    if (abi::ipc_info_handles(info) != 1)
        return SysError{Status::BadState, "block Connect", "no session handle in the reply"};
    client.m_session = OwnedHandle(ipc.handles[0]);
    client.m_block_size = uint32_t(reply[1]);
    client.m_block_count = reply[2];
    return client;
}

Client::~Client() {
    if (m_session) {
        uint64_t info = 0, reply[3] = {};
        (void)call(m_session.get(), abi::ipc_info(uint32_t(protocol::Operation::Disconnect), 0, 0),
                   0, 0, 0, info, reply);
    }
    if (m_buffer)
        (void)sys::address_space_unmap(startup_handle(abi::StartupRole::SelfAddressSpace),
                                       reinterpret_cast<uint64_t>(m_buffer),
                                       protocol::kMaxTransferBytes);
}

SysResult<void> Client::request(protocol::Operation operation, uint64_t word0, uint64_t word1,
                                uint64_t word2, const char* step) {
    uint64_t info = 0, reply[3] = {};
    return check(call(m_session.get(), abi::ipc_info(uint32_t(operation), 0, 0), word0, word1,
                      word2, info, reply),
                 step);
}

SysResult<void> Client::read(uint64_t block, uint64_t count, uint64_t offset) {
    return request(protocol::Operation::Read, block, count, offset, "block Read");
}

SysResult<void> Client::write(uint64_t block, uint64_t count, uint64_t offset) {
    return request(protocol::Operation::Write, block, count, offset, "block Write");
}

SysResult<void> Client::flush() {
    return request(protocol::Operation::Flush, 0, 0, 0, "block Flush");
}

} // namespace mica::block
