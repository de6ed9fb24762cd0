// run, ps, kill: programs from the boot archive, and the jobs this shell started.

#include "commands.h"
#include "shell.h"

#include <abi/user_syscalls.h>
#include <mica/spawn.h>
#include <mica/startup.h>

namespace mica::shell {

namespace {

constexpr size_t kMaxArguments = CommandLine::kMaxWords;

// "exited with 3", "faulted", "was killed"
void describe_end(Shell& shell, StringView prefix, StringView name, int64_t code) {
    if (code == int64_t(abi::kExitFaulted))
        shell.println("{}{} faulted", prefix, name);
    else if (code == int64_t(abi::kExitKilled))
        shell.println("{}{} was killed", prefix, name);
    else
        shell.println("{}{} exited with {}", prefix, name, code);
}

int64_t run(Shell& shell, const CommandLine& line) {
    if (line.count < 2)
        return usage_error(shell, *find_command("run"));
    StringView name = line.words[1];
    const BootArchive* archive = shell.services().archive;
    if (!archive) {
        shell.println("run: no boot archive to run programs from");
        return kFailure;
    }
    auto file = archive->file(name);
    if (file.is_error()) {
        shell.println("run: {}: not in the boot archive", name);
        return kFailure;
    }
    StringView arguments[kMaxArguments];
    size_t count = 0;
    for (size_t i = 2; i < line.count; ++i)
        arguments[count++] = line.words[i];
    // The program gets a read-only copy of the boot archive (where wasm-run finds its modules)
    // and nothing else: it prints through the kernel's debug output (least authority; a program
    // that needs more needs a launcher that grants it).
    abi::Handle archive_copy = kInvalidHandle;
    if (abi::Status status = sys::handle_duplicate(
            startup_handle(abi::StartupRole::BootArchive),
            abi::Rights::Read | abi::Rights::Map | abi::Rights::Transfer, &archive_copy);
        status != abi::Status::Ok) {
        shell.println("run: cannot share the boot archive: {}", abi::status_name(status));
        return kFailure;
    }
    StartupGrant grants[] = {{abi::StartupRole::BootArchive, OwnedHandle(archive_copy)}};
    SpawnOptions options;
    options.boot_archive_size = boot_archive_size();
    auto process =
        spawn(name, file.value(), grants, Span<const StringView>(arguments, count), options);
    if (process.is_error()) {
        shell.println("run: {}: {}", name, process.error());
        return kFailure;
    }
    if (line.background) {
        Jobs::Job* job = shell.jobs().add(name, process.release_value());
        if (!job) {
            // Dropping the handle does not end the process; it runs on, unlisted.
            shell.println("run: {} started, but the job table is full: it cannot be listed", name);
            return kFailure;
        }
        shell.println("[{}] {} started", job->number, name);
        return kSuccess;
    }
    int64_t code = 0;
    if (abi::Status status =
            sys::process_wait(process.value().get(), abi::kDeadlineInfinite, &code);
        status != abi::Status::Ok) {
        shell.println("run: {}: process_wait: {}", name, abi::status_name(status));
        return kFailure;
    }
    describe_end(shell, "run: ", name, code);
    return code;
}

int64_t ps(Shell& shell, const CommandLine& line) {
    if (line.count != 1)
        return usage_error(shell, *find_command("ps"));
    Jobs& jobs = shell.jobs();
    jobs.refresh();
    size_t listed = 0;
    for (Jobs::Job& job : jobs) {
        if (job.number == 0)
            continue;
        if (listed++ == 0)
            shell.println("JOB  STATE              NAME");
        if (job.ended) {
            char state[24];
            BufferSink sink(state, sizeof state);
            if (job.exit_code == int64_t(abi::kExitFaulted))
                format(sink, "faulted");
            else if (job.exit_code == int64_t(abi::kExitKilled))
                format(sink, "killed");
            else
                format(sink, "exited {}", job.exit_code);
            shell.println("{}{}  {}{}{}", job.number < 10 ? " " : "", job.number, sink.view(),
                          StringView("                  ", 18 - sink.view().length()),
                          job.name_view());
        } else {
            shell.println("{}{}  running             {}", job.number < 10 ? " " : "", job.number,
                          job.name_view());
        }
    }
    if (listed == 0)
        shell.println("no jobs (ps lists the programs this shell started with 'run ... &')");
    uint64_t processes = 0;
    if (sys::system_info(shell.services().resource, abi::kInfoProcesses, &processes) ==
        abi::Status::Ok)
        shell.println("{} processes in the system; the kernel cannot list them", processes);
    return kSuccess;
}

int64_t kill(Shell& shell, const CommandLine& line) {
    uint64_t number = 0;
    if (line.count != 2 || !parse_unsigned(line.words[1], number))
        return usage_error(shell, *find_command("kill"));
    Jobs::Job* job = number <= 0xffffffffu ? shell.jobs().find(uint32_t(number)) : nullptr;
    if (!job) {
        shell.println("kill: no job {} (see ps)", number);
        return kFailure;
    }
    shell.jobs().refresh();
    if (job->ended) {
        shell.println("kill: job {} ({}) has already ended", number, job->name_view());
        shell.jobs().forget(*job);
        return kFailure;
    }
    if (abi::Status status = sys::process_kill(job->process.get()); status != abi::Status::Ok) {
        shell.println("kill: job {}: process_kill: {}", number, abi::status_name(status));
        return kFailure;
    }
    int64_t code = 0;
    (void)sys::process_wait(job->process.get(), abi::kDeadlineInfinite, &code);
    char prefix[16];
    BufferSink sink(prefix, sizeof prefix);
    format(sink, "[{}] ", number);
    describe_end(shell, sink.view(), job->name_view(), code);
    shell.jobs().forget(*job);
    return kSuccess;
}

constexpr Command kCommands[] = {
    {"run", "program [arguments...] [&]", "start a program from the boot archive and wait", run},
    {"ps", "", "list the programs this shell started", ps},
    {"kill", "job", "end a program started with 'run ... &'", kill},
};

} // namespace

Span<const Command> process_commands() {
    return Span<const Command>(kCommands, array_size(kCommands));
}

} // namespace mica::shell
