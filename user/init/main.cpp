// The first process. The kernel starts it from the boot archive with the root handles; init
// finds the other programs in the same archive and starts them.
//
//   init        starts `hello`, then the console service and an interactive shell on it; the
//               shell's exit code becomes init's
//   init test   runs the user-space test suite (`tests`), then the syscall fuzzer (`fuzz`), and
//               exits with 0 only if both passed; the kernel's test mode starts init this way
//               (kernel/core/main.cpp, run_tests) and reports init's exit code as the verdict.

#include <abi/user_syscalls.h>
#include <init/console_start.h>
#include <init/devmgr_start.h>
#include <init/disk_recovery_test.h>
#include <init/filesystem_start.h>
#include <init/wasm_apps_test.h>
#include <mica/boot_archive.h>
#include <mica/print.h>
#include <mica/spawn.h>
#include <mica/startup.h>
#include <string.h>

using namespace mica;

namespace {

using abi::Rights;

// Starts `name` from the archive with `grants` and waits for it. Returns its exit code, or a
// failure that says which step went wrong: an unsupported syscall is reported as such, never
// papered over.
SysResult<int64_t> run(const BootArchive& archive, StringView name, Span<StartupGrant> grants = {},
                       const SpawnOptions& options = {}) {
    Bytes file = TRY(archive.file(name));
    OwnedHandle process = TRY(spawn(name, file, grants, {}, options));
    int64_t code = 0;
    TRY(check(sys::process_wait(process.get(), abi::kDeadlineInfinite, &code), "process_wait"));
    return code;
}

// A copy of one of init's startup handles with `rights` (plus transfer, which granting needs).
SysResult<OwnedHandle> copy_of(abi::StartupRole role, Rights rights) {
    abi::Handle original = startup_handle(role);
    if (original == kInvalidHandle)
        return SysError{abi::Status::NotFound, "startup handle", "init was not given it"};
    abi::Handle copy = kInvalidHandle;
    TRY(check(sys::handle_duplicate(original, rights | Rights::Transfer, &copy),
              "handle_duplicate"));
    return OwnedHandle(copy);
}

// Reports one program's result; true if it exited with 0.
bool report(StringView name, const SysResult<int64_t>& code) {
    if (code.is_error()) {
        println("init: cannot run {}: {}", name, code.error());
        return false;
    }
    int64_t value = code.value();
    if (value == int64_t(abi::kExitFaulted))
        println("init: {} faulted", name);
    else if (value == int64_t(abi::kExitKilled))
        println("init: {} was killed", name);
    else
        println("init: {} exited with {}", name, value);
    return value == 0;
}

// The suite gets what its cases need: the root resource with read only (system_info; its rights
// tests check that this handle can neither power off nor claim devices), the boot archive, to
// start its helper program from, and a manage handle as DmaResource for the DMA tests (Resource
// has no kinds yet to restrict it to DMA; the suite is trusted not to power off with it). The
// fuzzer gets nothing: with no resource it cannot power off either, whatever arguments it draws.
// The exit code of a process init started.
SysResult<int64_t> wait_for(abi::Handle process) {
    int64_t code = 0;
    TRY(check(sys::process_wait(process, abi::kDeadlineInfinite, &code), "process_wait"));
    return code;
}

// Normal boot ends here: the console service and an interactive shell on it. init's exit code is
// the shell's (`exit 3` in the shell ends the boot with 3).
int run_interactive_shell(const BootArchive& archive, abi::Handle devmgr) {
    auto console = init::start_console(archive);
    if (console.is_error()) {
        println("init: cannot start the console service: {}", console.error());
        return 2;
    }
    init::ShellServices services;
    services.device_manager = devmgr;
    // Serves for as long as `filesystem` holds its process, which outlives the shell.
    auto filesystem = init::start_filesystem(archive, devmgr);
    if (filesystem.is_ok())
        services.filesystem = filesystem.value().endpoint.get();
    else
        println("init: cannot start the filesystem service: {}", filesystem.error());
    auto shell = init::start_shell(archive, console.value().endpoint.get(), {}, services);
    if (shell.is_error()) {
        println("init: cannot start the shell: {}", shell.error());
        return 2;
    }
    auto code = wait_for(shell.value().get());
    report("shell", code);
    return code.is_error() ? 2 : int(code.value());
}

// The data disk's system test: a filesystem service that mounts /disk (through `devmgr`) and
// the shell running disk_test.sh on it (tools/test/disk_check.sh checks what it printed, and the
// image afterwards with Debian's fsck.fat and mtools).
bool run_disk_test(const BootArchive& archive, abi::Handle console, abi::Handle devmgr) {
    auto filesystem = init::start_filesystem(archive, devmgr);
    if (filesystem.is_error()) {
        println("init: cannot start the filesystem service: {}", filesystem.error());
        return false;
    }
    init::ShellServices services;
    services.filesystem = filesystem.value().endpoint.get();
    services.device_manager = devmgr; // for lsdev (its lines differ per ISA: only its status is
                                      // checked here; devices_test.cpp checks the list itself)
    auto shell = init::start_shell(archive, console, "disk_test.sh", services);
    if (shell.is_error()) {
        println("init: cannot start the shell: {}", shell.error());
        return false;
    }
    bool script_passed = report("shell", wait_for(shell.value().get()));
    bool recovery_passed = init::run_disk_recovery_test(filesystem.value().endpoint.get(), devmgr);
    return script_passed && recovery_passed;
}

// The shell's system tests: the console service, and the shell running the script
// shell_test.sh through it (tools/test/qemu_case.sh checks the lines it prints) with a fresh
// filesystem service of its own (/boot and an empty /tmp, no /disk), then the disk test on the
// same console.
bool run_shell_test(const BootArchive& archive, abi::Handle devmgr) {
    auto console = init::start_console(archive);
    if (console.is_error()) {
        println("init: cannot start the console service: {}", console.error());
        return false;
    }
    auto filesystem = init::start_filesystem(archive);
    if (filesystem.is_error()) {
        println("init: cannot start the filesystem service: {}", filesystem.error());
        return false;
    }
    init::ShellServices services;
    services.filesystem = filesystem.value().endpoint.get();
    auto shell =
        init::start_shell(archive, console.value().endpoint.get(), "shell_test.sh", services);
    if (shell.is_error()) {
        println("init: cannot start the shell: {}", shell.error());
        return false;
    }
    bool passed = report("shell", wait_for(shell.value().get()));
    return run_disk_test(archive, console.value().endpoint.get(), devmgr) && passed;
}

int run_tests(const BootArchive& archive, OwnedHandle devmgr) {
    // The suite gets `devmgr` itself; the disk test after it a copy.
    OwnedHandle disk_devmgr;
    if (devmgr) {
        auto copy = devmgr.duplicate(Rights::Write | Rights::Duplicate | Rights::Transfer);
        if (copy.is_ok())
            disk_devmgr = copy.release_value();
    }
    auto resource = copy_of(abi::StartupRole::RootResource, Rights::Read | Rights::Duplicate);
    auto boot_archive =
        copy_of(abi::StartupRole::BootArchive, Rights::Read | Rights::Map | Rights::Duplicate);
    // The DMA tests need manage; the Resource has no kinds yet, so this is the root resource.
    auto dma = copy_of(abi::StartupRole::RootResource, Rights::Manage | Rights::Duplicate);
    bool tests_passed = false;
    if (resource.is_error() || boot_archive.is_error() || dma.is_error()) {
        println("init: cannot prepare the test suite's handles: {}",
                resource.is_error()       ? resource.error()
                : boot_archive.is_error() ? boot_archive.error()
                                          : dma.error());
    } else {
        StartupGrant grants[] = {
            {abi::StartupRole::RootResource, resource.release_value()},
            {abi::StartupRole::BootArchive, boot_archive.release_value()},
            {abi::StartupRole::DmaResource, dma.release_value()},
            {abi::StartupRole::IoPortRange, OwnedHandle()},
            {abi::StartupRole::Filesystem, OwnedHandle()},
            {abi::StartupRole::DeviceManager, OwnedHandle()},
        };
        size_t grant_count = 3;
        // x86_64 only (elsewhere the syscall answers unsupported and the suite checks that): one
        // harmless port, COM1's scratch register, for the I/O port cases (io_port_test.cpp).
        abi::Handle scratch = kInvalidHandle;
        if (sys::io_port_range_create(startup_handle(abi::StartupRole::RootResource), 0x3ff, 1,
                                      &scratch) == abi::Status::Ok)
            grants[grant_count++].handle = OwnedHandle(scratch);
        // The filesystem service, for the vfs cases (vfs_test.cpp), alive while `filesystem` is.
        auto filesystem = init::start_filesystem(archive);
        if (filesystem.is_ok())
            grants[grant_count++] = {abi::StartupRole::Filesystem,
                                     move(filesystem.value().endpoint)};
        else
            println("init: cannot start the filesystem service: {}", filesystem.error());
        if (devmgr) // for the device cases (devices_test.cpp)
            grants[grant_count++] = {abi::StartupRole::DeviceManager, move(devmgr)};
        SpawnOptions options;
        options.boot_archive_size = boot_archive_size();
        tests_passed = report(
            "tests", run(archive, "tests", Span<StartupGrant>(grants, grant_count), options));
    }
    // The fuzzer runs even after failed tests: its verdict is independent and worth having.
    bool fuzz_passed = report("fuzz", run(archive, "fuzz"));
    bool wasm_passed = init::run_wasm_app_tests(archive); // wasm_apps_test.h
    println("init: test mode: tests {}, fuzz {}", tests_passed ? "passed" : "FAILED",
            fuzz_passed ? "passed" : "FAILED");
    bool shell_passed = run_shell_test(archive, disk_devmgr.get());
    return tests_passed && fuzz_passed && shell_passed && wasm_passed ? 0 : 1;
}

} // namespace

int main(int argc, char** argv) {
    bool test_mode = argc > 1 && strcmp(argv[1], "test") == 0;
    println("init: started{}", test_mode ? " in test mode" : "");

    auto archive = BootArchive::open();
    if (archive.is_error()) {
        println("init: cannot read the boot archive: {}", archive.error());
        return 1;
    }
    println("init: boot archive holds {} entries", archive.value().entries().count());

    auto devmgr = init::start_devmgr(archive.value());
    if (devmgr.is_error())
        println("init: cannot start devmgr: {}", devmgr.error());
    OwnedHandle devmgr_endpoint;
    if (devmgr.is_ok())
        devmgr_endpoint = move(devmgr.value().endpoint);

    if (test_mode)
        return run_tests(archive.value(), move(devmgr_endpoint));

    auto code = run(archive.value(), "hello");
    if (code.is_error()) {
        println("init: cannot run hello: {}", code.error());
        return 2;
    }
    println("init: hello exited with {}", code.value());
    return run_interactive_shell(archive.value(), devmgr_endpoint.get());
}
