// help, echo, exit.

#include "commands.h"
#include "shell.h"

namespace mica::shell {

namespace {

int64_t help(Shell& shell, const CommandLine&) {
    constexpr size_t kColumn = 32; // where the summaries start
    constexpr StringView kSpaces = "                                ";
    shell.write("Commands (the exit status of the last one is $?, e.g. echo $?):\n");
    for (CommandTable table : kCommandTables) {
        for (const Command& command : table()) {
            char left[kColumn + 16];
            BufferSink sink(left, sizeof left);
            format(sink, "{} {}", command.name, command.usage);
            size_t width = sink.view().length();
            shell.println("  {}{}  {}", sink.view(),
                          kSpaces.substring(0, width < kColumn ? kColumn - width : 0),
                          command.summary);
        }
    }
    shell.write("A line ending in '&' runs a program in the background (run only); '> file'\n"
                "sends echo's text to a file. A script line starting with '-' may fail.\n");
    return kSuccess;
}

int64_t echo(Shell& shell, const CommandLine& line) {
    char text[CommandParser::kStorageBytes + CommandLine::kMaxWords + 1]; // words, spaces, \n
    size_t length = 0;
    for (size_t i = 1; i < line.count; ++i) {
        if (i > 1)
            text[length++] = ' ';
        for (char character : line.words[i])
            text[length++] = character;
    }
    text[length++] = '\n';
    if (!line.redirect.is_empty())
        return write_to_file(shell, "echo", line.redirect, StringView(text, length));
    shell.write(StringView(text, length));
    return kSuccess;
}

int64_t exit_shell(Shell& shell, const CommandLine& line) {
    uint64_t code = 0;
    if (line.count > 2 || (line.count == 2 && !parse_unsigned(line.words[1], code))) {
        shell.println("usage: exit [status]");
        return kUsage;
    }
    shell.request_exit(line.count == 2 ? int64_t(code) : shell.last_status());
    return shell.last_status();
}

constexpr Command kCommands[] = {
    {"help", "", "list the commands", help},
    {"echo", "[words...] [> file]", "print the words", echo},
    {"exit", "[status]", "leave the shell (default: the last status)", exit_shell},
};

} // namespace

Span<const Command> basic_commands() {
    return Span<const Command>(kCommands, array_size(kCommands));
}

} // namespace mica::shell
