// ls, cat, cp, mv, rm, mkdir and echo's '> file': through the filesystem service (libmica's vfs
// client). A shell started without a Filesystem endpoint answers "no filesystem service".

#include "commands.h"
#include "shell.h"

#include <mica/vfs.h>

namespace mica::shell {

namespace {

constexpr size_t kCopyChunk = 512;

// The client, or nullptr after saying why not.
vfs::Client* files_for(Shell& shell, StringView command) {
    vfs::Client* files = shell.services().files;
    if (!files)
        shell.println("{}: no filesystem service", command);
    return files;
}

int64_t fail(Shell& shell, StringView command, StringView path, vfs::Status status) {
    shell.println("{}: {}: {}", command, path, vfs::protocol::status_name(status));
    return kFailure;
}

int64_t ls(Shell& shell, const CommandLine& line) {
    if (line.count > 2)
        return usage_error(shell, *find_command("ls"));
    vfs::Client* files = files_for(shell, "ls");
    if (!files)
        return kFailure;
    StringView path = line.count == 2 ? line.words[1] : StringView("/");
    auto listed = vfs::read_directory(*files, path, [&](const vfs::Entry& entry) {
        if (entry.type == vfs::NodeType::Directory)
            shell.println("{}/", entry.name());
        else
            shell.println("{}  ({} bytes)", entry.name(), entry.size);
    });
    if (listed.is_error())
        return fail(shell, "ls", path, listed.error());
    return kSuccess;
}

int64_t cat(Shell& shell, const CommandLine& line) {
    if (line.count < 2)
        return usage_error(shell, *find_command("cat"));
    vfs::Client* files = files_for(shell, "cat");
    if (!files)
        return kFailure;
    int64_t status = kSuccess;
    for (size_t i = 1; i < line.count; ++i) {
        auto file = vfs::File::open(*files, line.words[i], vfs::open_flags::kRead);
        if (file.is_error()) {
            status = fail(shell, "cat", line.words[i], file.error());
            continue;
        }
        uint8_t chunk[kCopyChunk];
        for (;;) {
            auto read = file.value().read(Span<uint8_t>(chunk, sizeof chunk));
            if (read.is_error()) {
                status = fail(shell, "cat", line.words[i], read.error());
                break;
            }
            if (read.value() == 0)
                break;
            shell.write(StringView(reinterpret_cast<const char*>(chunk), read.value()));
        }
    }
    return status;
}

int64_t cp(Shell& shell, const CommandLine& line) {
    if (line.count != 3)
        return usage_error(shell, *find_command("cp"));
    vfs::Client* files = files_for(shell, "cp");
    if (!files)
        return kFailure;
    auto from = vfs::File::open(*files, line.words[1], vfs::open_flags::kRead);
    if (from.is_error())
        return fail(shell, "cp", line.words[1], from.error());
    auto to = vfs::File::open(*files, line.words[2],
                              vfs::open_flags::kWrite | vfs::open_flags::kCreate |
                                  vfs::open_flags::kTruncate);
    if (to.is_error())
        return fail(shell, "cp", line.words[2], to.error());
    uint8_t chunk[kCopyChunk];
    for (;;) {
        auto read = from.value().read(Span<uint8_t>(chunk, sizeof chunk));
        if (read.is_error())
            return fail(shell, "cp", line.words[1], read.error());
        if (read.value() == 0)
            return kSuccess;
        auto written = to.value().write(Bytes(chunk, read.value()));
        if (written.is_error())
            return fail(shell, "cp", line.words[2], written.error());
    }
}

int64_t mv(Shell& shell, const CommandLine& line) {
    if (line.count != 3)
        return usage_error(shell, *find_command("mv"));
    vfs::Client* files = files_for(shell, "mv");
    if (!files)
        return kFailure;
    if (auto moved = vfs::rename(*files, line.words[1], line.words[2]); moved.is_error())
        return fail(shell, "mv", line.words[1], moved.error());
    return kSuccess;
}

int64_t rm(Shell& shell, const CommandLine& line) {
    if (line.count < 2)
        return usage_error(shell, *find_command("rm"));
    vfs::Client* files = files_for(shell, "rm");
    if (!files)
        return kFailure;
    int64_t status = kSuccess;
    for (size_t i = 1; i < line.count; ++i) {
        if (auto removed = vfs::unlink(*files, line.words[i]); removed.is_error())
            status = fail(shell, "rm", line.words[i], removed.error());
    }
    return status;
}

int64_t mkdir(Shell& shell, const CommandLine& line) {
    if (line.count < 2)
        return usage_error(shell, *find_command("mkdir"));
    vfs::Client* files = files_for(shell, "mkdir");
    if (!files)
        return kFailure;
    int64_t status = kSuccess;
    for (size_t i = 1; i < line.count; ++i) {
        if (auto made = vfs::make_directory(*files, line.words[i]); made.is_error())
            status = fail(shell, "mkdir", line.words[i], made.error());
    }
    return status;
}

constexpr Command kCommands[] = {
    {"ls", "[directory]", "list a directory (default /)", ls},
    {"cat", "file...", "print files", cat},
    {"cp", "from to", "copy a file", cp},
    {"mv", "from to", "rename or move a file or directory", mv},
    {"rm", "path...", "remove files or empty directories", rm},
    {"mkdir", "directory...", "make directories", mkdir},
};

} // namespace

int64_t write_to_file(Shell& shell, StringView command, StringView path, StringView text) {
    vfs::Client* files = files_for(shell, command);
    if (!files)
        return kFailure;
    auto file = vfs::File::open(*files, path,
                                vfs::open_flags::kWrite | vfs::open_flags::kCreate |
                                    vfs::open_flags::kTruncate);
    if (file.is_error())
        return fail(shell, command, path, file.error());
    auto written =
        file.value().write(Bytes(reinterpret_cast<const uint8_t*>(text.data()), text.length()));
    if (written.is_error())
        return fail(shell, command, path, written.error());
    return kSuccess;
}

Span<const Command> file_commands() {
    return Span<const Command>(kCommands, array_size(kCommands));
}

} // namespace mica::shell
