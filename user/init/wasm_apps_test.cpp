#include <abi/user_syscalls.h>
#include <init/filesystem_start.h>
#include <init/wasm_apps_test.h>
#include <mica/print.h>
#include <mica/spawn.h>
#include <mica/startup.h>
#include <mica/vfs.h>

namespace mica::init {

namespace {

using abi::Rights;

// One run; the same case names, arguments and statuses as tests/wasi/in_mica/<name>.case (the
// driver fails a case whose markers are missing, so the two lists cannot drift apart silently).
// Small inputs: the interpreter is slow under TCG on aarch64 and riscv64.
constexpr size_t kMaxArguments = 6;
struct WasmAppCase {
    const char* name;
    StringView arguments[kMaxArguments]; // wasm-run's arguments; empty ones end the list
    int64_t expected_code;
};

constexpr WasmAppCase kCases[] = {
    {"wc_stdin", {"--stdin", "test-poem.txt", "wc.wasm"}, 0},
    {"search_stdin", {"--stdin", "test-poem.txt", "search.wasm", "-i", "the"}, 0},
    {"wc_no_preopen", {"wc.wasm", "/sandbox/poem.txt"}, 1},
    // Preopens over the filesystem service; the module itself read through it from /boot.
    {"wc_preopen", {"--dir", "/sandbox=/boot", "/boot/wc.wasm", "/sandbox/poem.txt"}, 0},
    {"wc_preopen_escape", {"--dir", "/sandbox=/boot", "wc.wasm", "/sandbox/../wc.wasm"}, 1},
    {"files_preopen", {"--dir", "/sandbox=/tmp", "files.wasm", "/sandbox"}, 0},
};

size_t argument_count(const WasmAppCase& test) {
    size_t count = 0;
    while (count < kMaxArguments && !test.arguments[count].is_empty())
        ++count;
    return count;
}

// wasm-run reads the module from the boot archive, so it gets a copy of init's handle to it;
// and one of `filesystem` (if there is one) for its --dir preopens and /paths.
SysResult<int64_t> run_case(const BootArchive& archive, const WasmAppCase& test,
                            abi::Handle filesystem) {
    abi::Handle copy = kInvalidHandle;
    TRY(check(sys::handle_duplicate(startup_handle(abi::StartupRole::BootArchive),
                                    Rights::Read | Rights::Map | Rights::Transfer, &copy),
              "handle_duplicate"));
    StartupGrant grants[] = {{abi::StartupRole::BootArchive, OwnedHandle(copy)},
                             {abi::StartupRole::Filesystem, OwnedHandle()}};
    size_t grant_count = 1;
    if (filesystem != kInvalidHandle) {
        abi::Handle endpoint = kInvalidHandle;
        TRY(check(sys::handle_duplicate(filesystem, Rights::Write | Rights::Transfer, &endpoint),
                  "handle_duplicate of the filesystem endpoint"));
        grants[grant_count++].handle = OwnedHandle(endpoint);
    }
    SpawnOptions options;
    options.boot_archive_size = boot_archive_size();
    Bytes file = TRY(archive.file("wasm-run"));
    OwnedHandle process =
        TRY(spawn("wasm-run", file, Span<StartupGrant>(grants, grant_count),
                  Span<const StringView>(test.arguments, argument_count(test)), options));
    int64_t code = 0;
    TRY(check(sys::process_wait(process.get(), abi::kDeadlineInfinite, &code), "process_wait"));
    return code;
}

// The service prints a banner as it starts; an answered Connect means it has, so the banner
// cannot land inside a case's output.
void wait_until_serving(abi::Handle filesystem) {
    const abi::StartupInfo* info = startup_info();
    if (filesystem == kInvalidHandle || !info || !info->ipc_buffer)
        return;
    auto client =
        vfs::Client::connect(filesystem, *reinterpret_cast<abi::IpcBuffer*>(info->ipc_buffer));
    if (client.is_error())
        println("init: wasm apps: the filesystem service does not answer: {}",
                vfs::protocol::status_name(client.error()));
}

} // namespace

bool run_wasm_app_tests(const BootArchive& archive) {
    println("init: wasm apps");
    // A filesystem service of their own, so /tmp starts empty (the files_preopen case lists it).
    // Without one the preopen cases fail, loudly, and the others still run.
    auto filesystem = start_filesystem(archive);
    if (filesystem.is_error())
        println("init: wasm apps: cannot start the filesystem service: {}", filesystem.error());
    abi::Handle endpoint = filesystem.is_ok() ? filesystem.value().endpoint.get() : kInvalidHandle;
    wait_until_serving(endpoint);
    size_t passed = 0, failed = 0;
    for (const WasmAppCase& test : kCases) {
        println("init: wasm app {}: begin", test.name);
        SysResult<int64_t> code = run_case(archive, test, endpoint);
        if (code.is_error()) {
            println("init: wasm app {}: cannot run wasm-run: {}", test.name, code.error());
            ++failed;
            continue;
        }
        println("init: wasm app {}: exited with {} (expected {})", test.name, code.value(),
                test.expected_code);
        ++(code.value() == test.expected_code ? passed : failed);
    }
    println("{} passed, {} failed", passed, failed);
    return failed == 0;
}

} // namespace mica::init
