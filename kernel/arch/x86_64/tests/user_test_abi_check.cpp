// user_test_abi.h's numbers must be the ABI's (abi/mica.abi), which only C++ can read.

#include "user_test_abi.h"

#include <abi/mica_abi.h>

using mica::abi::Syscall;

static_assert(SYS_PROCESS_EXIT == uint64_t(Syscall::ProcessExit));
static_assert(SYS_THREAD_YIELD == uint64_t(Syscall::ThreadYield));
static_assert(SYS_DEBUG_WRITE == uint64_t(Syscall::DebugWrite));
