// The x86_64-only syscalls io_port_range_create and io_port_access (abi/mica.abi). Not built
// yet: they need an I/O permission bitmap per process, switched with the TSS. Until then they
// answer `unsupported`, so a driver knows to use MMIO instead of believing it got the ports.

#include <abi/kernel_syscalls.h>

namespace mica::syscall {

Status sys_io_port_range_create(Handle, uint32_t, uint32_t, Handle&) { return Status::Unsupported; }

Status sys_io_port_access(Handle, uint64_t) { return Status::Unsupported; }

} // namespace mica::syscall
