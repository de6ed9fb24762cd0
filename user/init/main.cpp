// The first process. The kernel starts it from the boot archive with the root handles; init
// finds the other programs in the same archive and starts them.
//
//   init        starts `hello`, whose exit code becomes init's (later: the services)
//   init test   runs the user-space test suite (`tests`), then the syscall fuzzer (`fuzz`), and
//               exits with 0 only if both passed; the kernel's test mode starts init this way
//               (kernel/core/main.cpp, run_tests) and reports init's exit code as the verdict.

#include <abi/user_syscalls.h>
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

// The suite gets what its cases need and nothing that could end the run early: the root
// resource with read only (system_info; no manage, so it can neither power the machine off nor
// claim devices) and the boot archive, to start its helper program from. The fuzzer gets nothing:
// with no resource it cannot power off either, whatever arguments it draws.
int run_tests(const BootArchive& archive) {
    auto resource = copy_of(abi::StartupRole::RootResource, Rights::Read | Rights::Duplicate);
    auto boot_archive =
        copy_of(abi::StartupRole::BootArchive, Rights::Read | Rights::Map | Rights::Duplicate);
    bool tests_passed = false;
    if (resource.is_error() || boot_archive.is_error()) {
        println("init: cannot prepare the test suite's handles: {}",
                resource.is_error() ? resource.error() : boot_archive.error());
    } else {
        StartupGrant grants[] = {
            {abi::StartupRole::RootResource, resource.release_value()},
            {abi::StartupRole::BootArchive, boot_archive.release_value()},
        };
        SpawnOptions options;
        options.boot_archive_size = boot_archive_size();
        tests_passed =
            report("tests", run(archive, "tests", Span<StartupGrant>(grants, 2), options));
    }
    // The fuzzer runs even after failed tests: its verdict is independent and worth having.
    bool fuzz_passed = report("fuzz", run(archive, "fuzz"));
    println("init: test mode: tests {}, fuzz {}", tests_passed ? "passed" : "FAILED",
            fuzz_passed ? "passed" : "FAILED");
    return tests_passed && fuzz_passed ? 0 : 1;
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

    if (test_mode)
        return run_tests(archive.value());

    auto code = run(archive.value(), "hello");
    if (code.is_error()) {
        println("init: cannot run hello: {}", code.error());
        return 2;
    }
    println("init: hello exited with {}", code.value());
    return int(code.value());
}
