// mem, uptime, lsdev, sync, poweroff, reboot: the machine as a whole.

#include "commands.h"
#include "shell.h"

#include <abi/ipc_buffer.h>
#include <abi/user_syscalls.h>
#include <mica/protocol/devmgr.h>
#include <mica/startup.h>
#include <mica/vfs.h>

namespace mica::shell {

namespace {

constexpr uint64_t kFrameKiB = 4;
constexpr uint64_t kNanosecondsPerMillisecond = 1'000'000;

bool no_arguments(Shell& shell, const CommandLine& line) {
    if (line.count == 1)
        return true;
    usage_error(shell, *find_command(line.name()));
    return false;
}

int64_t mem(Shell& shell, const CommandLine& line) {
    if (!no_arguments(shell, line))
        return kUsage;
    uint64_t free_frames = 0, total_frames = 0;
    abi::Handle resource = shell.services().resource;
    abi::Status status = sys::system_info(resource, abi::kInfoFreeFrames, &free_frames);
    if (status == abi::Status::Ok)
        status = sys::system_info(resource, abi::kInfoTotalFrames, &total_frames);
    if (status != abi::Status::Ok) {
        shell.println("mem: system_info: {}", abi::status_name(status));
        return kFailure;
    }
    shell.println("memory: {} KiB free of {} KiB ({} KiB in use)", free_frames * kFrameKiB,
                  total_frames * kFrameKiB, (total_frames - free_frames) * kFrameKiB);
    return kSuccess;
}

int64_t uptime(Shell& shell, const CommandLine& line) {
    if (!no_arguments(shell, line))
        return kUsage;
    uint64_t now = 0;
    if (abi::Status status = sys::clock_get(0, &now); status != abi::Status::Ok) {
        shell.println("uptime: clock_get: {}", abi::status_name(status));
        return kFailure;
    }
    uint64_t milliseconds = now / kNanosecondsPerMillisecond;
    uint64_t fraction = milliseconds % 1000;
    shell.println("up {}.{}{}{} s", milliseconds / 1000, fraction / 100, fraction / 10 % 10,
                  fraction % 10);
    return kSuccess;
}

int64_t lsdev(Shell& shell, const CommandLine& line) {
    if (!no_arguments(shell, line))
        return kUsage;
    abi::Handle devmgr = shell.services().device_manager;
    if (devmgr == kInvalidHandle) {
        shell.println("lsdev: devmgr not running (this shell was given no devmgr endpoint)");
        return kFailure;
    }
    auto& buffer = *reinterpret_cast<abi::IpcBuffer*>(startup_info()->ipc_buffer);
    uint64_t offset = 0, total = 0;
    do {
        uint64_t info = 0, words[3] = {};
        abi::Status status = sys::endpoint_call(
            devmgr, abi::ipc_info(uint32_t(devmgr::protocol::Operation::ListDevices), 0, 0),
            abi::kDeadlineInfinite, offset, 0, 0, &info, &words[0], &words[1], &words[2]);
        if (status == abi::Status::Ok)
            status = abi::Status(words[0]);
        if (status != abi::Status::Ok) {
            shell.println("lsdev: devmgr: {}", abi::status_name(status));
            return kFailure;
        }
        total = words[1];
        uint64_t count = words[2];
        if (count == 0 || count > devmgr::protocol::kListChunkBytes)
            break; // nothing more comes (or a reply that makes no sense): stop, never loop
        shell.write(StringView(reinterpret_cast<const char*>(buffer.words), count));
        offset += count;
    } while (offset < total);
    if (offset < total) {
        shell.println("lsdev: devmgr stopped after {} of {} bytes", offset, total);
        return kFailure;
    }
    return kSuccess;
}

int64_t sync(Shell& shell, const CommandLine& line) {
    if (!no_arguments(shell, line))
        return kUsage;
    vfs::Client* files = shell.services().files;
    if (!files) {
        shell.println("sync: no filesystem service");
        return kFailure;
    }
    if (auto synced = vfs::sync(*files); synced.is_error()) {
        shell.println("sync: {}", vfs::protocol::status_name(synced.error()));
        return kFailure;
    }
    return kSuccess;
}

int64_t power(Shell& shell, const CommandLine& line, uint64_t action) {
    if (!no_arguments(shell, line))
        return kUsage;
    // Flush what the filesystem holds first; without one there is nothing to lose.
    if (vfs::Client* files = shell.services().files) {
        if (auto synced = vfs::sync(*files); synced.is_error())
            shell.println("{}: sync failed ({}); going on", line.name(),
                          vfs::protocol::status_name(synced.error()));
    }
    abi::Status status = sys::system_power(shell.services().resource, action);
    // Only a refusal comes back.
    shell.println("{}: system_power: {}", line.name(), abi::status_name(status));
    return kFailure;
}

int64_t poweroff(Shell& shell, const CommandLine& line) {
    return power(shell, line, abi::power_flags::kOff);
}

int64_t reboot(Shell& shell, const CommandLine& line) {
    return power(shell, line, abi::power_flags::kReboot);
}

constexpr Command kCommands[] = {
    {"mem", "", "free and total memory", mem},
    {"uptime", "", "time since boot", uptime},
    {"lsdev", "", "the devices devmgr found", lsdev},
    {"sync", "", "write the filesystem's buffered data to disk", sync},
    {"poweroff", "", "sync, then power the machine off", poweroff},
    {"reboot", "", "sync, then reset the machine", reboot},
};

} // namespace

Span<const Command> system_commands() {
    return Span<const Command>(kCommands, array_size(kCommands));
}

} // namespace mica::shell
