#pragma once
// The startup block: what a process finds at its initial stack pointer when its first thread
// starts. Whoever starts the process writes it there (the kernel for init, a parent through a
// memory object for everyone else): the handles it was granted, each with the role it plays, and
// its arguments. Shared by the kernel and libmica so the layout is written down once.

#include <abi/mica_abi.h>

namespace mica::abi {

constexpr uint64_t kStartupMagic = 0x5452'5453'4143'494dull; // "MICASTRT", little-endian
constexpr uint32_t kStartupMaxHandles = 16;
constexpr uint32_t kStartupMaxArguments = 256; // bytes of NUL-terminated argument strings

enum class StartupRole : uint32_t {
    None = 0,
    SelfProcess = 1,         // the process itself (manage, wait)
    SelfAddressSpace = 2,    // its address space (map)
    SelfThread = 3,          // its first thread
    RootResource = 4,        // authority over hardware and the system (init only)
    BootArchive = 5,         // memory object holding the boot archive (cpio newc), read-only
    Bootstrap = 6,           // an endpoint to whoever started the process
    Console = 7,             // an endpoint of the console service
    PlatformDescription = 8, // memory object: the firmware's description of the machine
                             // (read-only; format and size in platform_format/platform_size)
    DmaResource = 9,         // a resource (manage) for dma_memory_create: drivers, the DMA tests
    IoPortRange = 10,        // x86_64: I/O ports the process may open with io_port_access
    Filesystem = 11,         // an endpoint of the filesystem service (user/fs/vfs)
    DeviceManager = 12,      // an endpoint of devmgr (mica/protocol/devmgr.h)
    DeviceMmio = 13,         // an MmioRange of the device a driver drives (may repeat; the
                             // driver's arguments say which is which, in grant order)
    DeviceInterrupt = 14,    // the Interrupt of the device a driver drives (when it is routed)
};

// What the PlatformDescription object holds (init only; init passes it to the driver manager).
enum class PlatformFormat : uint32_t {
    None = 0,
    DeviceTree = 1, // the flattened device tree the boot loader handed the kernel, verbatim
    AcpiTables = 2, // every table the RSDP's XSDT (or RSDT) lists, copied back to back, each at
                    // an 8-byte-aligned offset and starting with its 36-byte standard header
                    // (signature, length, checksum); the FADT's DSDT follows the listed tables
};

struct StartupHandle {
    StartupRole role;
    Handle handle;
};

struct StartupInfo {
    uint64_t magic; // kStartupMagic
    uint32_t handle_count;
    uint32_t argument_bytes;        // used bytes of `arguments`
    uint64_t boot_archive_size;     // bytes of the BootArchive object that hold the archive
    uint64_t ipc_buffer;            // the first thread's IPC buffer (0: none)
    PlatformFormat platform_format; // None unless a PlatformDescription handle was granted
    uint32_t reserved;              // zero
    uint64_t platform_size;         // bytes of the PlatformDescription object that hold it
    StartupHandle handles[kStartupMaxHandles];
    char arguments[kStartupMaxArguments]; // argv[0]\0argv[1]\0...
};

static_assert(sizeof(StartupInfo) % 16 == 0, "the stack below the block stays 16-byte aligned");

} // namespace mica::abi
