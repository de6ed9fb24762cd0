#include <lib/command_line.h>

namespace mica {

template <typename Visit>
bool CommandLine::any_word(Visit visit) const {
    size_t i = 0;
    while (i < m_text.length()) {
        while (i < m_text.length() && m_text[i] == ' ')
            ++i;
        size_t start = i;
        while (i < m_text.length() && m_text[i] != ' ')
            ++i;
        if (i > start && visit(m_text.substring(start, i - start)))
            return true;
    }
    return false;
}

bool CommandLine::has_flag(StringView flag) const {
    return any_word([&](StringView word) { return word == flag; });
}

Optional<StringView> CommandLine::value(StringView key) const {
    Optional<StringView> found;
    any_word([&](StringView word) {
        if (word.length() > key.length() && word.starts_with(key) && word[key.length()] == '=') {
            found = word.substring(key.length() + 1);
            return true;
        }
        return false;
    });
    return found;
}

} // namespace mica
