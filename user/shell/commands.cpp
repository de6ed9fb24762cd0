#include "commands.h"

#include "shell.h"

namespace mica::shell {

const Command* find_command(StringView name) {
    for (CommandTable table : kCommandTables) {
        for (const Command& command : table()) {
            if (command.name == name)
                return &command;
        }
    }
    return nullptr;
}

int64_t usage_error(Shell& shell, const Command& command) {
    shell.println("usage: {} {}", command.name, command.usage);
    return kUsage;
}

bool parse_unsigned(StringView text, uint64_t& value) {
    if (text.is_empty() || text.length() > 19)
        return false;
    value = 0;
    for (char character : text) {
        if (character < '0' || character > '9')
            return false;
        value = value * 10 + uint64_t(character - '0');
    }
    return true;
}

int64_t Shell::run_line(StringView line) {
    CommandLine command;
    const char* error = nullptr;
    if (!m_parser.parse(line, m_last_status, command, error)) {
        println("shell: {}", error);
        return m_last_status = kUsage;
    }
    if (command.count == 0)
        return m_last_status;
    const Command* found = find_command(command.name());
    if (!found) {
        println("shell: {}: unknown command (try help)", command.name());
        return m_last_status = kUnknownCommand;
    }
    // Only echo writes files, and only through the filesystem; everyone else refuses `>`.
    if (!command.redirect.is_empty() && found->name != "echo") {
        println("{}: cannot redirect its output ('>' works with echo)", found->name);
        return m_last_status = kUsage;
    }
    if (command.background && found->name != "run") {
        println("{}: cannot run in the background ('&' works with run)", found->name);
        return m_last_status = kUsage;
    }
    int64_t status = found->run(*this, command);
    if (!m_exit_requested)
        m_last_status = status;
    return m_last_status;
}

} // namespace mica::shell
