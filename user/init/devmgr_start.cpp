#include <abi/user_syscalls.h>
#include <init/devmgr_start.h>
#include <lib/format.h>
#include <mica/spawn.h>
#include <mica/startup.h>

namespace mica::init {

namespace {

using abi::Rights;

SysResult<OwnedHandle> copy_of(abi::StartupRole role, Rights rights) {
    abi::Handle original = startup_handle(role);
    if (original == kInvalidHandle)
        return SysError{abi::Status::NotFound, "startup handle", "init was not given it"};
    abi::Handle copy = kInvalidHandle;
    TRY(check(sys::handle_duplicate(original, rights | Rights::Transfer, &copy),
              "handle_duplicate"));
    return OwnedHandle(copy);
}

} // namespace

SysResult<DeviceManager> start_devmgr(const BootArchive& archive) {
    const abi::StartupInfo* info = startup_info();
    if (!info || info->platform_format == abi::PlatformFormat::None)
        return SysError{abi::Status::NotFound, "devmgr", "init has no platform description"};
    const char* format = info->platform_format == abi::PlatformFormat::DeviceTree ? "dtb" : "acpi";
    char size_text[24];
    BufferSink size_sink(size_text, sizeof size_text);
    mica::format(size_sink, "{}", info->platform_size);

    abi::Handle raw = kInvalidHandle;
    TRY(check(sys::endpoint_create(0, &raw), "endpoint_create"));
    OwnedHandle server(raw);
    DeviceManager manager;
    manager.endpoint = TRY(server.duplicate(Rights::Write | Rights::Duplicate | Rights::Transfer));
    TRY(server.restrict_rights(Rights::Read | Rights::Transfer));

    OwnedHandle resource = TRY(
        copy_of(abi::StartupRole::RootResource, Rights::Manage | Rights::Read | Rights::Duplicate));
    OwnedHandle platform =
        TRY(copy_of(abi::StartupRole::PlatformDescription, Rights::Read | Rights::Map));
    OwnedHandle boot_archive =
        TRY(copy_of(abi::StartupRole::BootArchive, Rights::Read | Rights::Map | Rights::Duplicate));
    StartupGrant grants[] = {
        {abi::StartupRole::RootResource, move(resource)},
        {abi::StartupRole::PlatformDescription, move(platform)},
        {abi::StartupRole::BootArchive, move(boot_archive)},
        {abi::StartupRole::Bootstrap, move(server)},
    };
    StringView arguments[] = {format, size_sink.view()};
    SpawnOptions options;
    options.boot_archive_size = boot_archive_size();
    Bytes file = TRY(archive.file("devmgr"));
    manager.process = TRY(spawn("devmgr", file, Span<StartupGrant>(grants, 4),
                                Span<const StringView>(arguments, 2), options));
    return manager;
}

} // namespace mica::init
