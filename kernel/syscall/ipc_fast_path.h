#pragma once
// The endpoint syscalls' fast path (ipc_fast_path.cpp), from handle_syscall().

#include <abi/mica_abi.h>
#include <arch/trap_frame.h>

namespace mica::syscall {

// Whether `number` may take ipc_fast_path(): endpoint_call and endpoint_reply_and_wait.
inline bool is_ipc_fast_path_candidate(uint64_t number) {
    return number == uint64_t(abi::Syscall::EndpointCall) ||
           number == uint64_t(abi::Syscall::EndpointReplyAndWait);
}

// Answers the syscall in `frame` (one is_ipc_fast_path_candidate() accepted) when its message is
// register-only, writing the results into the frame exactly as the full path would; false when
// it leaves the syscall to the full path, having changed nothing the full path depends on.
// Called with interrupts masked (as handle_syscall() is); returns true with them masked, false
// with them masked or enabled (the full path enables them next anyway).
bool ipc_fast_path(arch::TrapFrame& frame, uint64_t number);

} // namespace mica::syscall
