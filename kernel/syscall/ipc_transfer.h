#pragma once
// Between a thread's registers / IPC buffer and its IpcMessages: shared by the endpoint syscalls
// (ipc_syscalls.cpp) and their fast path (ipc_fast_path.cpp).

#include <object/user_thread.h>

namespace mica::syscall {

// Fills the calling thread's outbox from its registers and IPC buffer. Handles it lists are
// moved out of the caller's table (and consumed, also when the load fails).
Result<void> load_message(UserThread& self, uint64_t info, uint64_t badge, uint64_t word0,
                          uint64_t word1, uint64_t word2);

// Hands a received message to the calling thread: extra words and new handles into its IPC
// buffer, the register words to the caller of this function.
Result<void> unload_message(UserThread& self);

} // namespace mica::syscall
