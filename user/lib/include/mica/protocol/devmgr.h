#pragma once
// The driver manager's IPC protocol (user/devmgr serves it; `lsdev`, tests and services that
// need a device speak it). Only the wire format lives here.
//
// The label (abi::ipc_info_label) of a call is the Operation; its arguments are the register
// words. Every reply has label 0, word 0 an abi::Status, words 1-2 the results.
//
//   Operation     words in        words out (after the status)
//   ListDevices   byte offset     total bytes, bytes in this reply (text in the IPC buffer)
//   OpenBlock     device index    driver generation (+ one handle: the driver's endpoint)
//   StopBlock     device index    -   (kills the driver; devmgr then restarts it: for tests and
//                                     for `kill`-style recovery of a wedged driver)
//   OpenRng       device index    driver generation (+ one handle: the driver's endpoint)
//
// ListDevices returns the device list (user/devmgr/hw/device_list.h: one device per line) from
// `offset`, at most kListChunkBytes at a time, packed into the reply's IPC buffer words; callers
// loop until they have `total bytes`. OpenBlock moves an endpoint handle (write, transfer) to the
// block driver of the `index`-th block device, speaking mica/protocol/block.h, and how many times
// that driver has been started (it grows when devmgr restarts a driver that died); not_found past
// the last device, peer_closed when its driver could not be restarted.
// OpenRng does the same for the `index`-th entropy device, whose driver speaks
// mica/protocol/rng.h.

#include <abi/mica_abi.h>

namespace mica::devmgr::protocol {

enum class Operation : uint32_t {
    ListDevices = 1,
    OpenBlock = 2,
    StopBlock = 3,
    OpenRng = 4,
};

constexpr uint64_t kListChunkBytes = abi::kIpcBufferWords * 8;

} // namespace mica::devmgr::protocol
