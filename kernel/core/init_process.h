#pragma once
// Starting the first user process. The boot archive (a cpio newc boot module built by the
// project) holds `init`; the kernel loads it with the ELF loader and starts it with the root
// handles, listed in its startup block (abi/startup.h), and nothing else.

#include <core/boot_info.h>
#include <lib/result.h>
#include <lib/string_view.h>
#include <object/process.h>

namespace mica {

// `arguments`: init's argv, space-separated ("init", "init test"). Errors are reported on the
// console with the reason before returning.
Result<RefPtr<Process>> start_init(const BootInfo& info, StringView arguments);

// Blocks the calling kernel thread until `process` ended; returns its exit code.
int64_t wait_for_process(Process& process);

} // namespace mica
