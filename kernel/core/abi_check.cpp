// Compile-time checks that the generated ABI headers (abi/mica.abi via tools/gen_abi.py) are on
// the kernel's include path and hold what the syscall layer will rely on. No code is emitted.

#include <abi/kernel_syscalls.h>

namespace mica::abi {

static_assert(static_cast<uint64_t>(Status::Ok) == 0, "ok must be status 0");
static_assert(kSyscallCount == sizeof(kSyscalls) / sizeof(kSyscalls[0]));
static_assert(kSyscalls[kSyscallCount - 1].number == static_cast<Syscall>(kSyscallCount - 1),
              "syscall numbers are dense, so the table is indexed by number");
static_assert(sizeof(SyscallArgs) == 8 * kMaxSyscallArgs);
static_assert(kHandleInvalid == 0);

} // namespace mica::abi
