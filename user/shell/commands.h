#pragma once
// The shell's commands: one table of name, usage, one-line help and function. Each group lives in
// its own file (commands_*.cpp) and registers its part of the table there; `help` prints it all.

#include "command_line.h"

#include <lib/span.h>
#include <lib/string_view.h>

namespace mica::shell {

class Shell;

struct Command {
    StringView name;
    StringView usage; // the arguments, for help and usage errors
    StringView summary;
    int64_t (*run)(Shell& shell, const CommandLine& line);
};

// The tables of each group (commands_basic.cpp, commands_system.cpp, commands_process.cpp,
// commands_files.cpp, commands_apps.cpp).
Span<const Command> basic_commands();
Span<const Command> system_commands();
Span<const Command> process_commands();
Span<const Command> file_commands();
Span<const Command> app_commands();

using CommandTable = Span<const Command> (*)();
// In the order help lists them.
constexpr CommandTable kCommandTables[] = {basic_commands, process_commands, system_commands,
                                           file_commands, app_commands};

template <typename T, size_t N>
constexpr size_t array_size(const T (&)[N]) {
    return N;
}

// The command called `name`, or nullptr.
const Command* find_command(StringView name);

// Prints "usage: name args" and returns kUsage.
int64_t usage_error(Shell& shell, const Command& command);

// `text` into the file `path` (created or truncated) through the filesystem service, for
// `echo ... > path` (commands_files.cpp). Reports errors as `command: ...`.
int64_t write_to_file(Shell& shell, StringView command, StringView path, StringView text);

// Decimal, no sign; false for anything else (or overflow).
bool parse_unsigned(StringView text, uint64_t& value);

} // namespace mica::shell
