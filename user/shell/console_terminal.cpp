#include "console_terminal.h"

#include <mica/print.h>

namespace mica::shell {

void ConsoleTerminal::write(StringView text) {
    auto written = m_client.write(text);
    if (written.is_ok())
        return;
    if (!m_reported) {
        println("shell: console write failed ({}); writing to the debug output", written.error());
        m_reported = true;
    }
    print("{}", text);
}

void DebugTerminal::write(StringView text) { print("{}", text); }

} // namespace mica::shell
