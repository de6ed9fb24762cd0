#pragma once
// The shell's Terminals in a running system: the console service (ConsoleTerminal), or, for a
// script run without one, the kernel's debug output (DebugTerminal).

#include "terminal.h"

#include <mica/console_client.h>

namespace mica::shell {

class ConsoleTerminal final : public Terminal {
public:
    explicit ConsoleTerminal(ConsoleClient& client) : m_client(client) {}
    // A failed write goes to the debug output with the reason, so it is not lost unexplained.
    void write(StringView text) override;

private:
    ConsoleClient& m_client;
    bool m_reported = false;
};

class DebugTerminal final : public Terminal {
public:
    void write(StringView text) override;
};

} // namespace mica::shell
