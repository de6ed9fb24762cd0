#pragma once
// Where the shell's text goes: the console service in a running system, a string in the host
// tests. Everything the shell prints passes through one of these.

#include <lib/string_view.h>

namespace mica::shell {

class Terminal {
public:
    virtual void write(StringView text) = 0;

protected:
    ~Terminal() = default;
};

} // namespace mica::shell
