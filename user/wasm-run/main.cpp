// wasm-run: runs a WebAssembly command module (WASI preview1) as a native Mica process.
//
//   wasm-run [--stdin FILE] [--dir GUEST=PATH]... MODULE [ARGS...]
//
// MODULE and FILE are boot archive names (`wc.wasm`) or, with a leading '/', files read through
// the filesystem service (`/tmp/apps/wc/wc.wasm`). Each --dir preopens the VFS directory PATH
// for the module as GUEST (`--dir /sandbox=/tmp/x`); the module reaches no other directory,
// since WASI resolves every path inside a preopen (user/wasm/wasi/path.h). The module's argv is
// MODULE's base name without ".wasm" followed by ARGS; its environment is empty. Standard input
// is FILE's bytes (default: empty), standard output and error go to the console (mica_host.h).
// The exit code is the module's status, or one of exit_codes.h's runner outcomes.

#include "exit_codes.h"
#include "heap_allocator.h"
#include "input_file.h"
#include "mica_host.h"
#include "vfs_file_system.h"

#include <mica/boot_archive.h>
#include <mica/print.h>
#include <mica/startup.h>
#include <string.h>
#include <wasm/wasi/program.h>

using namespace mica;
using namespace mica::wasm_run;

namespace {

constexpr size_t kMaxPreopens = 8;

struct Directory {
    StringView guest; // what the module calls it, e.g. "/sandbox"
    StringView path;  // the VFS directory, e.g. "/tmp/x"
};

struct Options {
    StringView module;
    StringView input; // empty: no standard input
    Directory directories[kMaxPreopens];
    size_t directory_count = 0;
    Span<char* const> module_arguments;
};

// "GUEST=PATH" with a non-empty GUEST and an absolute PATH.
bool parse_directory(StringView text, Directory& directory) {
    size_t equals = text.find('=');
    if (equals == StringView::kNotFound || equals == 0)
        return false;
    directory.guest = text.substring(0, equals);
    directory.path = text.substring(equals + 1);
    return directory.path.starts_with("/");
}

bool parse(Span<char* const> argv, Options& options) {
    size_t i = 1;
    while (i + 1 < argv.size() && argv[i][0] == '-') {
        if (strcmp(argv[i], "--stdin") == 0) {
            options.input = StringView(argv[i + 1]);
        } else if (strcmp(argv[i], "--dir") == 0) {
            if (options.directory_count == kMaxPreopens) {
                println("wasm-run: at most {} --dir options", kMaxPreopens);
                return false;
            }
            if (!parse_directory(StringView(argv[i + 1]),
                                 options.directories[options.directory_count++])) {
                println("wasm-run: --dir {}: expected GUEST=PATH with an absolute PATH",
                        argv[i + 1]);
                return false;
            }
        } else {
            println("wasm-run: unknown option {}", argv[i]);
            return false;
        }
        i += 2;
    }
    if (i >= argv.size() || argv[i][0] == '-')
        return false;
    options.module = StringView(argv[i]);
    options.module_arguments = Span<char* const>(argv.data() + i + 1, argv.size() - i - 1);
    return true;
}

// "apps/wc.wasm" -> "wc": what the module sees as argv[0], as a shell would name the command.
StringView command_name(StringView module) {
    for (size_t i = module.length(); i > 0; --i) {
        if (module[i - 1] == '/') {
            module = module.substring(i);
            break;
        }
    }
    constexpr StringView kSuffix = ".wasm";
    if (module.length() > kSuffix.length() && module.ends_with(kSuffix))
        module = module.substring(0, module.length() - kSuffix.length());
    return module;
}

// The interpreter's stacks are allocated whole up front, so they are sized for small programs in
// small machines (32 MiB boots run this): 512 KiB of values, 4096 nested calls. A C program's
// own stack lives in its linear memory, not here.
wasm::wasi::ProgramLimits program_limits() {
    wasm::wasi::ProgramLimits limits;
    limits.machine.stack_slots = 64 * 1024;
    limits.machine.call_depth = 4096;
    return limits;
}

bool needs_filesystem(const Options& options) {
    return options.directory_count > 0 || options.module.starts_with("/") ||
           options.input.starts_with("/");
}

bool needs_archive(const Options& options) {
    return !options.module.starts_with("/") ||
           (!options.input.is_empty() && !options.input.starts_with("/"));
}

// The preopens, each a VfsFileSystem over `files` whose root is checked before the module runs,
// so a mistyped PATH is wasm-run's clear error rather than a puzzling one inside the module.
bool open_directories(const Options& options, vfs::Client& files,
                      wasm::wasi::Preopen (&preopens)[kMaxPreopens]) {
    for (size_t i = 0; i < options.directory_count; ++i) {
        const Directory& directory = options.directories[i];
        auto* file_system = new (std::nothrow) VfsFileSystem(files, directory.path);
        if (!file_system) {
            println("wasm-run: out of memory");
            return false;
        }
        if (vfs::Status status = file_system->check_root(); status != vfs::Status::Ok) {
            println("wasm-run: --dir {}={}: {}", directory.guest, directory.path,
                    vfs::protocol::status_name(status));
            return false;
        }
        preopens[i] = {directory.guest, file_system};
    }
    return true;
}

} // namespace

int main(int argc, char** argv) {
    Options options;
    if (!parse(Span<char* const>(argv, size_t(argc)), options)) {
        println("usage: wasm-run [--stdin FILE] [--dir GUEST=PATH]... MODULE [ARGS...]   "
                "(FILE, MODULE: boot archive names, or /paths on the filesystem)");
        return kExitUsage;
    }
    // A program launched with only a filesystem needs no archive, and is not refused for it.
    bool archive_needed = needs_archive(options);
    SysResult<BootArchive> archive =
        archive_needed ? BootArchive::open()
                       : SysResult<BootArchive>(SysError{abi::Status::NotFound, "not needed"});
    if (archive_needed && archive.is_error()) {
        println("wasm-run: cannot open the boot archive: {}", archive.error());
        return kExitCannotRun;
    }
    vfs::Client* files = nullptr;
    if (needs_filesystem(options)) {
        auto client = vfs::default_client();
        if (client.is_error()) {
            println("wasm-run: no filesystem service: {}",
                    vfs::protocol::status_name(client.error()));
            return kExitCannotRun;
        }
        files = client.value();
    }
    const BootArchive* boot = archive.is_ok() ? &archive.value() : nullptr;
    InputFile module;
    if (!module.load(options.module, boot, files))
        return kExitCannotRun;
    InputFile input;
    if (!options.input.is_empty() && !input.load(options.input, boot, files))
        return kExitCannotRun;
    wasm::wasi::Preopen preopens[kMaxPreopens];
    if (files && !open_directories(options, *files, preopens))
        return kExitCannotRun;

    // argv for the module: its command name, then ours after MODULE.
    size_t count = 1 + options.module_arguments.size();
    auto* arguments = new (std::nothrow) StringView[count];
    if (!arguments) {
        println("wasm-run: out of memory");
        return kExitCannotRun;
    }
    arguments[0] = command_name(options.module);
    for (size_t i = 1; i < count; ++i)
        arguments[i] = StringView(options.module_arguments[i - 1]);

    MicaHost host(Span<const uint8_t>(input.bytes().data(), input.bytes().size()));
    wasm::wasi::WasiConfig config;
    config.arguments = Span<const StringView>(arguments, count);
    config.preopens = Span<const wasm::wasi::Preopen>(preopens, options.directory_count);
    auto* wasi = new (std::nothrow) wasm::wasi::Wasi(host, config);
    HeapAllocator allocator;
    if (!wasi) {
        println("wasm-run: out of memory");
        return kExitCannotRun;
    }
    wasm::wasi::ProgramOutcome outcome = wasm::wasi::run_program(
        allocator, Span<const uint8_t>(module.bytes().data(), module.bytes().size()), *wasi,
        program_limits());
    if (outcome.kind == wasm::wasi::ProgramOutcome::Kind::Exited)
        return int(outcome.exit_code & kStatusMask);
    println("wasm-run: {}: {}", options.module, outcome.message);
    return outcome.trapped ? kExitTrapped : kExitCannotRun;
}
