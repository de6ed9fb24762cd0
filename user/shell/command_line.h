#pragma once
// Splitting one shell line into words. Words are separated by spaces or tabs; "double quotes"
// keep spaces inside a word; `$?` anywhere (outside or inside quotes) becomes the exit status of
// the previous command; a last word `&` asks for the command to run in the background, and
// `> path` to send its output to a file. Pure and host-tested (tests/host/shell/).

#include <lib/string_view.h>
#include <lib/types.h>

namespace mica::shell {

struct CommandLine {
    static constexpr size_t kMaxWords = 16;

    StringView words[kMaxWords];
    size_t count = 0;
    bool background = false;
    StringView redirect; // the file after `>`; empty: none

    StringView name() const { return count ? words[0] : StringView(); }
};

class CommandParser {
public:
    static constexpr size_t kStorageBytes = 512; // the words of one line, expanded

    // Fills `command` (whose words point into this parser until the next parse); on a malformed
    // line returns false and sets `error` to a message.
    bool parse(StringView line, int64_t last_status, CommandLine& command, const char*& error);

private:
    bool append(char character);
    bool append_number(int64_t value);

    char m_storage[kStorageBytes];
    size_t m_used = 0;
};

} // namespace mica::shell
