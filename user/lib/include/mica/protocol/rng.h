#pragma once
// The entropy protocol: what entropy drivers (user/drivers/virtio-rng) serve. Only the wire
// format lives here.
//
// A client gets an endpoint to the driver from devmgr (OpenRng) and calls it directly; there are
// no sessions. The label (abi::ipc_info_label) is the Operation; the register words carry the
// arguments. Every reply has label 0, word 0 an abi::Status, words 1-2 the results.
//
//   Operation   words in      words out (after the status)
//   Read        byte count    bytes returned (the bytes themselves in the reply's IPC buffer
//                             words, packed from words[0] byte 0)
//
// A Read asks for 1 to kMaxReadBytes bytes (else out_of_range) and gets all of them: the driver
// asks the device again until it has enough. A device that does not answer gives timed_out (the
// driver then stops using it). Unknown operations answer invalid_argument; handles sent along
// are closed. If the driver dies, calls answer peer_closed: get a new endpoint from devmgr.

#include <abi/mica_abi.h>

namespace mica::rng::protocol {

enum class Operation : uint32_t {
    Read = 1,
};

// What one reply's IPC buffer words hold.
constexpr uint64_t kMaxReadBytes = abi::kIpcBufferWords * 8;

} // namespace mica::rng::protocol
