#pragma once
// A message in flight between two threads, held in the kernel: the info word, the badge of the
// handle it was sent through, its words (the register ones first, then those from the IPC
// buffer) and the handles it carries (moved out of the sender's table, installed into the
// receiver's when it picks the message up).

#include <abi/ipc_buffer.h>
#include <object/handle_table.h>

namespace mica {

struct IpcMessage {
    uint64_t info = 0;
    uint64_t badge = 0;
    uint64_t words[abi::kIpcRegisterWords + abi::kIpcBufferWords] = {};
    HandleEntry handles[abi::kIpcMaxHandles];

    uint32_t extra_words() const { return uint32_t(info & 0xff); }
    uint32_t handle_count() const { return uint32_t((info >> 8) & 0xf); }

    // Moves the content (only the words in use) from `other`, leaving it without handles.
    void take_from(IpcMessage& other) {
        info = other.info;
        badge = other.badge;
        uint32_t used = abi::kIpcRegisterWords + other.extra_words();
        for (uint32_t i = 0; i < used; ++i)
            words[i] = other.words[i];
        for (uint32_t i = 0; i < other.handle_count(); ++i)
            handles[i] = move(other.handles[i]);
    }
    void drop_handles() {
        for (HandleEntry& handle : handles)
            handle = HandleEntry{};
    }
};

} // namespace mica
