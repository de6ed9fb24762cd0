#pragma once
// The per-thread IPC buffer: where message words beyond the registers and transferred handles
// travel (abi/README.md, "IPC message info"). Each thread names its own with thread_start or
// process_start; the kernel reads it when the thread sends and writes it when the thread receives.

#include <abi/mica_abi.h>

namespace mica::abi {

struct IpcBuffer {
    uint64_t words[kIpcBufferWords]; // message words 3, 4, ... (after the register words)
    Handle handles[kIpcMaxHandles];  // handles to send; on receipt, their values here
};

// Message info fields (the info word of endpoint_call and endpoint_reply_and_wait).
constexpr uint64_t ipc_info(uint32_t label, uint32_t extra_words, uint32_t handles) {
    return uint64_t(extra_words & 0xff) | (uint64_t(handles & 0xf) << 8) |
           (uint64_t(label & 0xffff) << 16);
}
constexpr uint32_t ipc_info_words(uint64_t info) { return uint32_t(info & 0xff); }
constexpr uint32_t ipc_info_handles(uint64_t info) { return uint32_t((info >> 8) & 0xf); }
constexpr uint32_t ipc_info_label(uint64_t info) { return uint32_t((info >> 16) & 0xffff); }

} // namespace mica::abi
