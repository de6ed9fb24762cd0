#pragma once
// Starting the console service (user/console) and the shell (user/shell) on it.

#include <mica/boot_archive.h>
#include <mica/handle.h>

namespace mica::init {

struct ConsoleService {
    OwnedHandle process;
    OwnedHandle endpoint; // send side (write, duplicate, transfer): hand copies to clients
};

// Grants the service the receive side of a new endpoint and what it needs to claim the console
// UART itself (until devmgr hands drivers their hardware): the root resource (manage) and, on a
// device-tree machine, the platform description; on an ACPI (PC) machine it is told to use
// COM1. Starts it.
SysResult<ConsoleService> start_console(const BootArchive& archive);

// Endpoints the shell may also get; invalid ones are left out.
struct ShellServices {
    abi::Handle device_manager = kInvalidHandle; // lsdev
    abi::Handle filesystem = kInvalidHandle;     // ls, cat, ...
};

// Starts the shell on `console` (interactive; or running `script` from the boot archive when it
// is not empty) and returns its process (wait on it for the exit status). It gets the boot
// archive (run), the root resource with read and manage (mem, poweroff) and copies of the
// endpoints in `services`.
SysResult<OwnedHandle> start_shell(const BootArchive& archive, abi::Handle console,
                                   StringView script, const ShellServices& services = {});

} // namespace mica::init
