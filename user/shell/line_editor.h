#pragma once
// The shell's line editor: turns the bytes a terminal sends into a finished line, echoing and
// redrawing as it goes with ANSI (VT100) sequences. Pure logic over a Terminal, fed one byte at a
// time, so the host tests drive it with byte strings and check both the line and the screen
// output (tests/host/shell/line_editor_test.cpp).
//
// Keys: printable ASCII inserts at the cursor; Enter (CR or LF; CR LF counts once) finishes the
// line; Backspace (DEL or ^H) and Delete (ESC [ 3 ~) remove; Left/Right (ESC [ D / C) move;
// Home (ESC [ H, ESC [ 1 ~, ESC O H, ^A) and End (ESC [ F, ESC [ 4 ~, ESC O F, ^E); Up/Down
// (ESC [ A / B) walk the history of finished, non-empty lines; ^C abandons the line; ^D on an
// empty line ends the input. Other control bytes and unknown sequences are ignored. A line is
// at most kMaxLine bytes: further input is refused with a bell.

#include "terminal.h"

#include <lib/types.h>

namespace mica::shell {

class LineEditor {
public:
    static constexpr size_t kMaxLine = 200;
    static constexpr size_t kHistoryLines = 16;

    enum class Event : uint8_t {
        None,       // keep feeding
        Line,       // line() holds the finished line
        Interrupt,  // ^C: the line was abandoned
        EndOfInput, // ^D on an empty line
    };

    explicit LineEditor(Terminal& terminal) : m_terminal(terminal) {}

    // Prints `prompt` and starts an empty line.
    void start(StringView prompt);
    Event feed(uint8_t byte);
    // The line after Event::Line, valid until the next start().
    StringView line() const { return StringView(m_line, m_length); }
    size_t cursor() const { return m_cursor; }
    size_t history_size() const { return m_history_count; }

private:
    enum class State : uint8_t { Normal, Escape, Csi, Ss3 };

    Event feed_normal(uint8_t byte);
    void feed_csi(uint8_t byte);
    void feed_ss3(uint8_t byte);

    void insert(char character);
    void erase_before_cursor();
    void erase_at_cursor();
    void move_to(size_t position);
    void replace_line(StringView text);
    void history_up();
    void history_down();
    Event finish_line();

    // Draws line[from, length), clears what is left of the line before it got `shorter`, and
    // puts the terminal's cursor back at m_cursor. The terminal's cursor must be at `from`.
    void redraw_from(size_t from, bool shorter);
    void cursor_left(size_t columns);
    void cursor_right(size_t columns);
    void write(StringView text) { m_terminal.write(text); }

    Terminal& m_terminal;
    char m_line[kMaxLine];
    size_t m_length = 0;
    size_t m_cursor = 0;
    State m_state = State::Normal;
    uint32_t m_parameter = 0; // the number in ESC [ <n> ~
    bool m_after_carriage_return = false;

    // Oldest first; the newest is at m_history_count - 1.
    char m_history[kHistoryLines][kMaxLine];
    size_t m_history_lengths[kHistoryLines] = {};
    size_t m_history_count = 0;
    // While walking the history: which entry is shown (m_history_count: the line being typed,
    // kept in m_draft).
    size_t m_browse = 0;
    char m_draft[kMaxLine];
    size_t m_draft_length = 0;
};

} // namespace mica::shell
