#pragma once
// The kernel console: print() and println() with the lib/format.h syntax. Text printed before a
// UART is attached is kept in a small buffer and written out on attach, so early boot messages are
// not lost.

#include <lib/format.h>

namespace mica {

class Uart;

namespace console {

void attach(Uart& uart);
bool is_attached();
FormatSink& sink();

// Reads a byte from the console UART without waiting; -1 when none is there or no UART attached.
int try_read_byte();

} // namespace console

template <typename... Args>
void print(StringView pattern, const Args&... args) {
    format(console::sink(), pattern, args...);
}

template <typename... Args>
void println(StringView pattern, const Args&... args) {
    format(console::sink(), pattern, args...);
    console::sink().write("\n");
}

} // namespace mica
