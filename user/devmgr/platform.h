#pragma once
// The machine's description as init hands it to devmgr: the PlatformDescription memory object,
// and its format and size as devmgr's arguments ("devmgr dtb 1048576", "devmgr acpi 8712"),
// since a child's startup block carries them only for init.

#include <abi/startup.h>
#include <lib/span.h>
#include <mica/sys_result.h>

namespace mica::devmgr {

struct PlatformBlob {
    abi::PlatformFormat format = abi::PlatformFormat::None;
    Bytes bytes;
};

// Maps the PlatformDescription startup handle read-only, as `arguments` (argv after the program
// name) describe it.
SysResult<PlatformBlob> map_platform_description(Span<char* const> arguments);

} // namespace mica::devmgr
