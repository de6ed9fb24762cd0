#pragma once
// The shell's state between lines: where output goes, what it may reach (the handles it was
// given), the exit status of the last command ($?), and the programs it started (jobs.h). A
// line goes in through run_line(); commands (commands.h) act on the Shell.

#include "command_line.h"
#include "jobs.h"
#include "terminal.h"

#include <lib/format.h>
#include <mica/boot_archive.h>

namespace mica::vfs {
class Client;
}

namespace mica::shell {

// Exit statuses of the shell's own commands (programs' codes pass through unchanged).
constexpr int64_t kSuccess = 0;
constexpr int64_t kFailure = 1;
constexpr int64_t kUsage = 2;
constexpr int64_t kUnknownCommand = 127;

struct Services {
    abi::Handle resource = kInvalidHandle;       // root resource: read (mem), manage (power)
    const BootArchive* archive = nullptr;        // programs for `run`, scripts
    abi::Handle device_manager = kInvalidHandle; // devmgr's endpoint (lsdev)
    vfs::Client* files = nullptr;                // the filesystem service, if connected
};

class Shell {
public:
    Shell(Terminal& terminal, const Services& services)
        : m_terminal(terminal), m_services(services) {}

    // Parses and runs one line; returns its exit status, which also becomes $?. An empty line
    // runs nothing and keeps $?.
    int64_t run_line(StringView line);

    int64_t last_status() const { return m_last_status; }
    bool exit_requested() const { return m_exit_requested; }
    void request_exit(int64_t status) {
        m_exit_requested = true;
        m_last_status = status;
    }

    const Services& services() const { return m_services; }
    Jobs& jobs() { return m_jobs; }
    Terminal& terminal() { return m_terminal; }

    void write(StringView text) { m_terminal.write(text); }
    // One formatted line (kernel/lib/format.h patterns), cut at kLineBytes.
    template <typename... Args>
    void println(StringView pattern, const Args&... args) {
        char text[kLineBytes];
        BufferSink sink(text, sizeof text - 1);
        format(sink, pattern, args...);
        StringView line = sink.view();
        text[line.length()] = '\n';
        m_terminal.write(StringView(text, line.length() + 1));
    }

    static constexpr size_t kLineBytes = 256;

private:
    Terminal& m_terminal;
    Services m_services;
    CommandParser m_parser;
    Jobs m_jobs;
    int64_t m_last_status = 0;
    bool m_exit_requested = false;
};

} // namespace mica::shell
