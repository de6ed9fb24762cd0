#pragma once
// The firmware's description of the machine, handed to init as a read-only memory object so
// the driver manager can enumerate devices in user space: the DTB verbatim on device-tree
// platforms, the ACPI tables on PCs (layout in abi/startup.h, PlatformFormat).

#include <abi/startup.h>
#include <core/boot_info.h>
#include <lib/result.h>
#include <object/memory_object.h>

namespace mica {

struct PlatformDescription {
    RefPtr<MemoryObject> memory;
    abi::PlatformFormat format = abi::PlatformFormat::None;
    uint64_t size = 0; // bytes of `memory` that hold the description
};

// NotFound when the boot loader gave neither a DTB nor an RSDP.
Result<PlatformDescription> capture_platform_description(const BootInfo& info);

} // namespace mica
