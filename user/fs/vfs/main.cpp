// The filesystem service. Serves the VFS protocol (mica/protocol/vfs.h) on the endpoint granted
// with the Filesystem startup role, with the boot archive at /boot and a RAM filesystem at /tmp.
//
//   vfs [--tmp-limit <bytes>]     cap /tmp's file contents (default: as much as the heap gives)
//
// Needs the startup handles Filesystem (the endpoint: read, write, duplicate), BootArchive and
// SelfAddressSpace. Without one of them, or with bad arguments, it says why and exits with 1.
// With a DeviceManager endpoint it also mounts the first FAT32 volume on a block device at
// /disk (disk/README.md); without one, or without such a volume, /disk is not there.

#include "boot_fs.h"
#include "disk/disk_mount.h"
#include "mount_table.h"
#include "ram_fs.h"
#include "server.h"
#include "sessions.h"

#include <mica/boot_archive.h>
#include <mica/print.h>
#include <mica/startup.h>
#include <string.h>

using namespace mica;
using namespace mica::vfs;

namespace {

// A decimal number with an optional K or M suffix; false if `text` is not one.
bool parse_size(const char* text, uint64_t& value) {
    value = 0;
    if (!*text)
        return false;
    for (; *text >= '0' && *text <= '9'; ++text) {
        if (value > (~0ull - 9) / 10)
            return false;
        value = value * 10 + uint64_t(*text - '0');
    }
    uint64_t scale = *text == 'K' ? 1024 : *text == 'M' ? 1024 * 1024 : 1;
    if (scale != 1)
        ++text;
    if (*text || value > ~0ull / scale)
        return false;
    value *= scale;
    return true;
}

} // namespace

int main(int argc, char** argv) {
    uint64_t tmp_limit = 0;
    for (int i = 1; i < argc; ++i) {
        if (strcmp(argv[i], "--tmp-limit") == 0 && i + 1 < argc &&
            parse_size(argv[i + 1], tmp_limit)) {
            ++i;
            continue;
        }
        println("vfs: bad argument '{}' (usage: vfs [--tmp-limit <bytes>[K|M]])", argv[i]);
        return 1;
    }

    abi::Handle endpoint = startup_handle(abi::StartupRole::Filesystem);
    abi::Handle address_space = startup_handle(abi::StartupRole::SelfAddressSpace);
    const abi::StartupInfo* startup = startup_info();
    if (endpoint == kInvalidHandle || address_space == kInvalidHandle || !startup ||
        startup->ipc_buffer == 0) {
        println("vfs: started without a Filesystem endpoint, an address space or an IPC buffer");
        return 1;
    }
    auto archive = BootArchive::open();
    if (archive.is_error()) {
        println("vfs: cannot read the boot archive: {}", archive.error());
        return 1;
    }

    auto* boot = new BootFs;
    auto* tmp = new RamFs(tmp_limit);
    auto* mounts = new MountTable;
    if (boot->add_archive(archive.value().entries()).is_error()) {
        println("vfs: out of memory building /boot");
        return 1;
    }
    if (mounts->mount("boot", *boot).is_error() || mounts->mount("tmp", *tmp).is_error()) {
        println("vfs: cannot mount /boot and /tmp");
        return 1;
    }

    auto* sessions = new SessionTable(address_space, endpoint);
    auto* ipc = reinterpret_cast<abi::IpcBuffer*>(startup->ipc_buffer);
    abi::Handle devmgr = startup_handle(abi::StartupRole::DeviceManager);
    disk::MountedDisk disk;
    if (devmgr != kInvalidHandle && disk::mount_disk(devmgr, *ipc, disk)) {
        if (mounts->mount("disk", *disk.fs).is_ok())
            println("vfs: /disk: FAT32 on block device {} (blocks {}..{})", disk.device_index,
                    disk.first_block, disk.first_block + disk.block_count - 1);
    }
    if (tmp_limit)
        println("vfs: serving /boot ({} entries, {} skipped) and /tmp (at most {} bytes)",
                archive.value().entries().count(), boot->skipped(), tmp_limit);
    else
        println("vfs: serving /boot ({} entries, {} skipped) and /tmp",
                archive.value().entries().count(), boot->skipped());
    Server server(*mounts, *sessions, *ipc);
    server.serve(endpoint);
}
