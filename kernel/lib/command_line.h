#pragma once
// The kernel command line: space-separated words, each a flag ("test") or key=value.

#include <lib/optional.h>
#include <lib/string_view.h>

namespace mica {

class CommandLine {
public:
    CommandLine() = default;
    explicit CommandLine(StringView text) : m_text(text) {}

    bool has_flag(StringView flag) const;
    Optional<StringView> value(StringView key) const;
    StringView text() const { return m_text; }

private:
    template <typename Visit>
    bool any_word(Visit visit) const;
    StringView m_text;
};

} // namespace mica
