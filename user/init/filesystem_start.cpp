#include <abi/user_syscalls.h>
#include <init/filesystem_start.h>
#include <mica/spawn.h>
#include <mica/startup.h>

namespace mica::init {

using abi::Rights;

SysResult<FilesystemService> start_filesystem(const BootArchive& archive, abi::Handle devmgr) {
    abi::Handle raw = kInvalidHandle;
    TRY(check(sys::endpoint_create(0, &raw), "endpoint_create"));
    OwnedHandle endpoint(raw);
    OwnedHandle client =
        TRY(endpoint.duplicate(Rights::Write | Rights::Duplicate | Rights::Transfer));
    TRY(endpoint.restrict_rights(Rights::Read | Rights::Write | Rights::Duplicate |
                                 Rights::Transfer));
    raw = kInvalidHandle;
    TRY(check(sys::handle_duplicate(startup_handle(abi::StartupRole::BootArchive),
                                    Rights::Read | Rights::Map | Rights::Transfer, &raw),
              "handle_duplicate of the boot archive"));
    OwnedHandle boot_archive(raw);
    StartupGrant grants[] = {
        {abi::StartupRole::Filesystem, move(endpoint)},
        {abi::StartupRole::BootArchive, move(boot_archive)},
        {abi::StartupRole::DeviceManager, OwnedHandle()},
    };
    size_t grant_count = 2;
    if (devmgr != kInvalidHandle) {
        raw = kInvalidHandle;
        TRY(check(sys::handle_duplicate(devmgr, Rights::Write | Rights::Transfer, &raw),
                  "handle_duplicate of the devmgr endpoint"));
        grants[grant_count++].handle = OwnedHandle(raw);
    }
    SpawnOptions options;
    options.boot_archive_size = boot_archive_size();
    Bytes file = TRY(archive.file("vfs"));
    OwnedHandle process =
        TRY(spawn("vfs", file, Span<StartupGrant>(grants, grant_count), {}, options));
    return FilesystemService{move(process), move(client)};
}

} // namespace mica::init
