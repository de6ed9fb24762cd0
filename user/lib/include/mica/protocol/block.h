#pragma once
// The block device protocol: what block drivers (user/drivers/virtio-blk) serve and libmica's
// block client (mica/block.h) speaks. Only the wire format lives here.
//
// A client gets an endpoint to a driver from devmgr (OpenBlock) and calls Connect on it, moving
// one handle: a memory object (read, write, map, transfer) of at least kMaxTransferBytes, the
// session's data buffer. The reply moves back a badged endpoint handle (write, transfer) for the
// session; every later request goes through it. Data never travels in messages: Read leaves it
// in the buffer, Write takes it from there.
//
// The label (abi::ipc_info_label) is the Operation; the register words carry the arguments.
// Every reply has label 0, word 0 an abi::Status, words 1-2 the results.
//
//   Operation    words in                              words out (after the status)
//   Connect      buffer size                           block size, block count (+ session)
//   Read         first block, block count, offset      -   (data at `offset` of the buffer)
//   Write        first block, block count, offset      -   (data from `offset`)
//   Flush        -                                     -   (earlier acknowledged writes are
//                                                           on stable storage)
//   Info         -                                     block size, block count
//   Disconnect   -                                     -
//
// A transfer is at most kMaxTransferBytes and must lie inside the disk (out_of_range) and the
// buffer (out_of_range). A device error answers bad_state. If the driver dies, calls answer
// peer_closed: get a new endpoint from devmgr and connect again. Drivers keep several device
// requests in flight for one large transfer, and serve one call at a time.

#include <abi/mica_abi.h>

namespace mica::block::protocol {

enum class Operation : uint32_t {
    Connect = 1,
    Read = 2,
    Write = 3,
    Flush = 4,
    Info = 5,
    Disconnect = 6,
};

constexpr uint64_t kMaxTransferBytes = 64 * 1024;
constexpr uint32_t kMaxSessions = 8;

} // namespace mica::block::protocol
