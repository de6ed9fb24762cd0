#include "command_line.h"

namespace mica::shell {

namespace {

bool is_blank(char character) { return character == ' ' || character == '\t'; }

} // namespace

bool CommandParser::append(char character) {
    if (m_used == kStorageBytes)
        return false;
    m_storage[m_used++] = character;
    return true;
}

bool CommandParser::append_number(int64_t value) {
    uint64_t magnitude = value < 0 ? uint64_t(0) - uint64_t(value) : uint64_t(value);
    if (value < 0 && !append('-'))
        return false;
    char digits[20];
    size_t count = 0;
    do {
        digits[count++] = char('0' + magnitude % 10);
        magnitude /= 10;
    } while (magnitude > 0);
    while (count > 0) {
        if (!append(digits[--count]))
            return false;
    }
    return true;
}

bool CommandParser::parse(StringView line, int64_t last_status, CommandLine& command,
                          const char*& error) {
    command = CommandLine{};
    m_used = 0;
    bool redirect_next = false;
    size_t i = 0;
    while (true) {
        while (i < line.length() && is_blank(line[i]))
            ++i;
        if (i == line.length())
            break;
        size_t start = m_used;
        bool quoted_word = false;
        bool in_quotes = false;
        for (; i < line.length() && (in_quotes || !is_blank(line[i])); ++i) {
            char character = line[i];
            if (character == '"') {
                in_quotes = !in_quotes;
                quoted_word = true;
                continue;
            }
            if (character == '$' && i + 1 < line.length() && line[i + 1] == '?') {
                ++i;
                if (!append_number(last_status)) {
                    error = "line too long";
                    return false;
                }
                continue;
            }
            if (!append(character)) {
                error = "line too long";
                return false;
            }
        }
        if (in_quotes) {
            error = "unterminated quote";
            return false;
        }
        StringView word(m_storage + start, m_used - start);
        // Quoted, `>` and `&` are ordinary words.
        if (!quoted_word && word == ">") {
            if (redirect_next || !command.redirect.is_empty()) {
                error = "more than one '>'";
                return false;
            }
            redirect_next = true;
            continue;
        }
        if (redirect_next) {
            command.redirect = word;
            redirect_next = false;
            continue;
        }
        if (command.background) {
            error = "'&' must end the line";
            return false;
        }
        if (!quoted_word && word == "&") {
            command.background = true;
            continue;
        }
        if (!command.redirect.is_empty()) {
            error = "words after the '>' file";
            return false;
        }
        if (command.count == CommandLine::kMaxWords) {
            error = "too many words";
            return false;
        }
        command.words[command.count++] = word;
    }
    if (redirect_next) {
        error = "'>' without a file";
        return false;
    }
    if (command.count == 0 && (command.background || !command.redirect.is_empty())) {
        error = "no command";
        return false;
    }
    return true;
}

} // namespace mica::shell
