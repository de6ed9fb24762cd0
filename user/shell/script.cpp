#include "script.h"

namespace mica::shell {

namespace {

StringView trim(StringView text) {
    size_t start = 0, end = text.length();
    while (start < end && (text[start] == ' ' || text[start] == '\t'))
        ++start;
    while (end > start && (text[end - 1] == ' ' || text[end - 1] == '\t' || text[end - 1] == '\r'))
        --end;
    return text.substring(start, end - start);
}

} // namespace

int64_t run_script(Shell& shell, StringView name, StringView text) {
    size_t number = 0;
    size_t position = 0;
    while (position < text.length() && !shell.exit_requested()) {
        size_t end = position;
        while (end < text.length() && text[end] != '\n')
            ++end;
        StringView line = trim(text.substring(position, end - position));
        position = end + 1;
        ++number;
        if (line.is_empty() || line[0] == '#')
            continue;
        bool may_fail = line[0] == '-';
        StringView command = may_fail ? trim(line.substring(1, line.length() - 1)) : line;
        shell.write(kPrompt);
        shell.write(line);
        shell.write("\n");
        int64_t status = shell.run_line(command);
        if (status != 0 && !may_fail && !shell.exit_requested()) {
            shell.println("shell: {} line {}: status {}; stopping", name, number, status);
            return status;
        }
    }
    return shell.last_status();
}

} // namespace mica::shell
