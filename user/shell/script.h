#pragma once
// Non-interactive mode: a script runs line by line, each line echoed after the prompt as if typed,
// stopping at the first line that fails (non-zero status) unless the line starts with '-'.
// Blank lines and lines starting with '#' are skipped. The result is the last line's status.

#include "shell.h"

namespace mica::shell {

constexpr StringView kPrompt = "mica> ";

int64_t run_script(Shell& shell, StringView name, StringView text);

} // namespace mica::shell
