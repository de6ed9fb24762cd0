#pragma once
// The console service's IPC protocol: what user/console serves and libmica's console client
// (mica/console_client.h) speaks. Only the wire format lives here.
//
// The service drives the machine's console UART and has one endpoint; every process given a
// handle to it (StartupRole::Console, write right) may write and read. There are no sessions:
// input bytes go to whichever reader asks first, which is the shell in practice.
//
// Messages. The label (abi::ipc_info_label) is the Operation; register word 0 its argument;
// bytes travel in the IPC buffer's words (packed, little-endian byte order within each word, at
// most kMaxTransferBytes a message). Every reply has label 0, word 0 the Status, word 1 the
// result; handles, if any, in the IPC buffer.
//
//   Operation   word 0 in         word 1 out        also
//   Write       byte count        bytes written     the bytes in the IPC buffer (in)
//   Read        max byte count    bytes read        the bytes in the IPC buffer (out)
//   InputEvent  -                 -                 one handle out: a notification (wait)
//
// Read never blocks the service: with nothing buffered it answers should_wait. A client that
// wants to block waits on the InputEvent notification, which the service raises (kInputReady)
// whenever bytes arrive and after a Read that left some behind, then reads again. The client
// library wraps this into a read with a deadline.
//
// The kernel still prints its own log on the same UART (polled, from every CPU), so the two
// streams may interleave at byte granularity; the service never reads what the kernel writes.

#include <abi/mica_abi.h>
#include <lib/types.h>

namespace mica::console::protocol {

constexpr uint64_t kMaxTransferBytes = abi::kIpcBufferWords * 8;
constexpr uint64_t kInputReady = 1; // the InputEvent notification's bit

enum class Operation : uint32_t {
    Write = 1,
    Read = 2,
    InputEvent = 3,
};

} // namespace mica::console::protocol
