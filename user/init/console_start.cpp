#include <abi/user_syscalls.h>
#include <init/console_start.h>
#include <mica/spawn.h>
#include <mica/startup.h>

namespace mica::init {

namespace {

using abi::Rights;

SysResult<OwnedHandle> copy_of(abi::Handle original, Rights rights, const char* what) {
    if (original == kInvalidHandle)
        return SysError{abi::Status::NotFound, what, "init was not given it"};
    abi::Handle copy = kInvalidHandle;
    TRY(check(sys::handle_duplicate(original, rights | Rights::Transfer, &copy),
              "handle_duplicate"));
    return OwnedHandle(copy);
}

SysResult<OwnedHandle> copy_of(abi::StartupRole role, Rights rights) {
    return copy_of(startup_handle(role), rights, "startup handle");
}

} // namespace

SysResult<ConsoleService> start_console(const BootArchive& archive) {
    const abi::StartupInfo* info = startup_info();
    abi::PlatformFormat format = info ? info->platform_format : abi::PlatformFormat::None;
    if (format == abi::PlatformFormat::None)
        return SysError{abi::Status::NotFound, "console", "no platform description to find it"};

    abi::Handle raw = kInvalidHandle;
    TRY(check(sys::endpoint_create(0, &raw), "endpoint_create"));
    OwnedHandle server(raw);
    ConsoleService console;
    console.endpoint = TRY(server.duplicate(Rights::Write | Rights::Duplicate | Rights::Transfer));
    TRY(server.restrict_rights(Rights::Read | Rights::Transfer));

    OwnedHandle resource = TRY(copy_of(abi::StartupRole::RootResource, Rights::Manage));
    StartupGrant grants[3] = {
        {abi::StartupRole::Console, move(server)},
        {abi::StartupRole::RootResource, move(resource)},
    };
    size_t grant_count = 2;
    StringView arguments[1];
    size_t argument_count = 0;
    if (format == abi::PlatformFormat::DeviceTree) {
        grants[grant_count++] = {abi::StartupRole::PlatformDescription,
                                 TRY(copy_of(abi::StartupRole::PlatformDescription, Rights::Read))};
    } else {
        // ACPI describes the COM ports only in AML: the PC convention it is (user/console).
        arguments[argument_count++] = "pc-com1";
    }
    Bytes file = TRY(archive.file("console"));
    console.process = TRY(spawn("console", file, Span<StartupGrant>(grants, grant_count),
                                Span<const StringView>(arguments, argument_count)));
    return console;
}

SysResult<OwnedHandle> start_shell(const BootArchive& archive, abi::Handle console,
                                   StringView script, const ShellServices& services) {
    StartupGrant grants[5] = {
        {abi::StartupRole::Console, TRY(copy_of(console, Rights::Write, "console endpoint"))},
        // Duplicate + transfer: `run` hands each program a read-only copy.
        {abi::StartupRole::BootArchive,
         TRY(copy_of(abi::StartupRole::BootArchive,
                     Rights::Read | Rights::Map | Rights::Duplicate | Rights::Transfer))},
        {abi::StartupRole::RootResource,
         TRY(copy_of(abi::StartupRole::RootResource, Rights::Read | Rights::Manage))},
    };
    size_t grant_count = 3;
    if (services.device_manager != kInvalidHandle)
        grants[grant_count++] = {
            abi::StartupRole::DeviceManager,
            TRY(copy_of(services.device_manager, Rights::Write, "devmgr endpoint"))};
    // Duplicate + transfer: `launch` hands wasm-run a copy (user/shell/commands_apps.cpp).
    if (services.filesystem != kInvalidHandle)
        grants[grant_count++] = {abi::StartupRole::Filesystem,
                                 TRY(copy_of(services.filesystem, Rights::Write | Rights::Duplicate,
                                             "filesystem endpoint"))};
    SpawnOptions options;
    options.boot_archive_size = boot_archive_size();
    StringView arguments[] = {script};
    Bytes file = TRY(archive.file("shell"));
    return spawn("shell", file, Span<StartupGrant>(grants, grant_count),
                 Span<const StringView>(arguments, script.is_empty() ? 0 : 1), options);
}

} // namespace mica::init
