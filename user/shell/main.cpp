// The Mica shell.
//
//   shell            interactive, on the console service (StartupRole::Console)
//   shell <script>   runs a script from the boot archive (or, with a leading '/', from the
//                    filesystem) line by line and exits with its status (script.h)
//
// Handles it uses when granted: Console (write), BootArchive (run, scripts), RootResource (read:
// mem, ps; manage: poweroff, reboot), DeviceManager (lsdev), Filesystem (ls, cat, ...).

#include "console_terminal.h"
#include "line_editor.h"
#include "script.h"
#include "shell.h"

#include <mica/print.h>
#include <mica/startup.h>
#include <mica/vfs.h>

using namespace mica;
using namespace mica::shell;

namespace {

constexpr size_t kMaxScriptBytes = 64 * 1024;
constexpr size_t kReadChunk = 64;

abi::IpcBuffer& main_ipc_buffer() {
    return *reinterpret_cast<abi::IpcBuffer*>(startup_info()->ipc_buffer);
}

int64_t interactive(Shell& shell, ConsoleClient& console) {
    shell.write("Mica shell. 'help' lists the commands.\n");
    LineEditor editor(shell.terminal());
    editor.start(kPrompt);
    while (!shell.exit_requested()) {
        char bytes[kReadChunk];
        auto read = console.read(bytes, sizeof bytes, abi::kDeadlineInfinite);
        if (read.is_error()) {
            println("shell: console read failed: {}", read.error());
            return 1;
        }
        for (size_t i = 0; i < read.value() && !shell.exit_requested(); ++i) {
            switch (editor.feed(uint8_t(bytes[i]))) {
            case LineEditor::Event::None: continue;
            case LineEditor::Event::Line: shell.run_line(editor.line()); break;
            case LineEditor::Event::Interrupt: break;
            case LineEditor::Event::EndOfInput: shell.request_exit(shell.last_status()); break;
            }
            if (!shell.exit_requested())
                editor.start(kPrompt);
        }
    }
    return shell.last_status();
}

// A script from the filesystem, into the heap (kept until the shell exits).
int64_t run_script_file(Shell& shell, StringView path) {
    vfs::Client* files = shell.services().files;
    if (!files) {
        shell.println("shell: {}: no filesystem service", path);
        return 1;
    }
    auto file = vfs::File::open(*files, path, vfs::open_flags::kRead);
    if (file.is_error()) {
        shell.println("shell: {}: {}", path, vfs::protocol::status_name(file.error()));
        return 1;
    }
    auto* text = new uint8_t[kMaxScriptBytes];
    auto read = file.value().read(Span<uint8_t>(text, kMaxScriptBytes));
    if (read.is_error()) {
        shell.println("shell: {}: {}", path, vfs::protocol::status_name(read.error()));
        return 1;
    }
    if (read.value() == kMaxScriptBytes) {
        shell.println("shell: {}: longer than {} bytes", path, kMaxScriptBytes);
        return 1;
    }
    return run_script(shell, path, StringView(reinterpret_cast<const char*>(text), read.value()));
}

int64_t run_script_named(Shell& shell, StringView name) {
    if (name.starts_with("/"))
        return run_script_file(shell, name);
    const BootArchive* archive = shell.services().archive;
    auto file = archive ? archive->file(name)
                        : SysResult<Bytes>(SysError{abi::Status::NotFound, "boot archive"});
    if (file.is_error()) {
        shell.println("shell: {}: not in the boot archive", name);
        return 1;
    }
    Bytes bytes = file.value();
    return run_script(shell, name,
                      StringView(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

} // namespace

int main(int argc, char** argv) {
    Services services;
    services.resource = startup_handle(abi::StartupRole::RootResource);
    services.device_manager = startup_handle(abi::StartupRole::DeviceManager);

    auto archive = BootArchive::open();
    if (archive.is_ok())
        services.archive = &archive.value();
    if (startup_handle(abi::StartupRole::Filesystem) != kInvalidHandle) {
        auto files = vfs::default_client();
        if (files.is_ok())
            services.files = files.value();
        else
            println("shell: cannot reach the filesystem service: {}",
                    vfs::protocol::status_name(files.error()));
    }

    abi::Handle console_endpoint = startup_handle(abi::StartupRole::Console);
    auto console = console_endpoint != kInvalidHandle
                       ? ConsoleClient::connect(console_endpoint, main_ipc_buffer())
                       : SysResult<ConsoleClient>(SysError{abi::Status::NotFound, "console",
                                                           "no Console endpoint was granted"});
    bool script = argc > 1;
    if (console.is_error() && !script) {
        println("shell: no console to be interactive on: {}", console.error());
        return 1;
    }
    DebugTerminal debug_terminal;
    static ConsoleTerminal* console_terminal = nullptr;
    if (console.is_ok())
        console_terminal = new ConsoleTerminal(console.value());
    Terminal& terminal =
        console_terminal ? static_cast<Terminal&>(*console_terminal) : debug_terminal;
    Shell shell(terminal, services);
    int64_t status =
        script ? run_script_named(shell, argv[1]) : interactive(shell, console.value());
    return int(status);
}
