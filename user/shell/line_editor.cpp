#include "line_editor.h"

namespace mica::shell {

namespace {

constexpr uint8_t kControlA = 0x01;
constexpr uint8_t kControlC = 0x03;
constexpr uint8_t kControlD = 0x04;
constexpr uint8_t kControlE = 0x05;
constexpr uint8_t kBackspace = 0x08;
constexpr uint8_t kLineFeed = '\n';
constexpr uint8_t kCarriageReturn = '\r';
constexpr uint8_t kEscape = 0x1b;
constexpr uint8_t kDelete = 0x7f;
constexpr uint32_t kMaxParameter = 1000; // ESC [ n ~ keys use small numbers

constexpr StringView kEraseToEnd = "\x1b[K";
constexpr StringView kBell = "\a";

void copy(char* to, const char* from, size_t length) {
    for (size_t i = 0; i < length; ++i)
        to[i] = from[i];
}

} // namespace

void LineEditor::start(StringView prompt) {
    m_length = m_cursor = 0;
    m_state = State::Normal;
    m_browse = m_history_count;
    m_draft_length = 0;
    write(prompt);
}

LineEditor::Event LineEditor::feed(uint8_t byte) {
    bool after_carriage_return = m_after_carriage_return;
    m_after_carriage_return = false;
    switch (m_state) {
    case State::Normal:
        // A terminal that sends CR LF for Enter must not finish two lines.
        if (byte == kLineFeed && after_carriage_return)
            return Event::None;
        return feed_normal(byte);
    case State::Escape:
        if (byte == '[') {
            m_state = State::Csi;
            m_parameter = 0;
        } else if (byte == 'O') {
            m_state = State::Ss3;
        } else {
            m_state = State::Normal;
        }
        return Event::None;
    case State::Csi: feed_csi(byte); return Event::None;
    case State::Ss3: feed_ss3(byte); return Event::None;
    }
    return Event::None;
}

LineEditor::Event LineEditor::feed_normal(uint8_t byte) {
    switch (byte) {
    case kCarriageReturn: m_after_carriage_return = true; return finish_line();
    case kLineFeed: return finish_line();
    case kEscape: m_state = State::Escape; return Event::None;
    case kBackspace:
    case kDelete: erase_before_cursor(); return Event::None;
    case kControlA: move_to(0); return Event::None;
    case kControlE: move_to(m_length); return Event::None;
    case kControlC:
        write("^C\n");
        m_length = m_cursor = 0;
        return Event::Interrupt;
    case kControlD:
        if (m_length == 0)
            return Event::EndOfInput;
        return Event::None;
    default:
        if (byte >= 0x20 && byte < 0x7f)
            insert(char(byte));
        return Event::None;
    }
}

void LineEditor::feed_csi(uint8_t byte) {
    if (byte >= '0' && byte <= '9') {
        if (m_parameter < kMaxParameter)
            m_parameter = m_parameter * 10 + (byte - '0');
        return;
    }
    // Parameter separators and intermediates (modifier keys: ESC [ 1 ; 5 C) keep the sequence
    // going; the final byte (0x40..0x7e) ends it.
    if (byte < 0x40 || byte > 0x7e)
        return;
    m_state = State::Normal;
    switch (byte) {
    case 'A': history_up(); break;
    case 'B': history_down(); break;
    case 'C': move_to(m_cursor < m_length ? m_cursor + 1 : m_length); break;
    case 'D': move_to(m_cursor > 0 ? m_cursor - 1 : 0); break;
    case 'H': move_to(0); break;
    case 'F': move_to(m_length); break;
    case '~':
        if (m_parameter == 1 || m_parameter == 7)
            move_to(0);
        else if (m_parameter == 4 || m_parameter == 8)
            move_to(m_length);
        else if (m_parameter == 3)
            erase_at_cursor();
        break;
    default: break;
    }
}

void LineEditor::feed_ss3(uint8_t byte) {
    m_state = State::Normal;
    if (byte == 'H')
        move_to(0);
    else if (byte == 'F')
        move_to(m_length);
}

void LineEditor::insert(char character) {
    if (m_length == kMaxLine) {
        write(kBell);
        return;
    }
    for (size_t i = m_length; i > m_cursor; --i)
        m_line[i] = m_line[i - 1];
    m_line[m_cursor] = character;
    ++m_length;
    size_t from = m_cursor++;
    // The line only grew: nothing old is left to clear.
    redraw_from(from, false);
}

void LineEditor::erase_before_cursor() {
    if (m_cursor == 0)
        return;
    cursor_left(1);
    --m_cursor;
    erase_at_cursor();
}

void LineEditor::erase_at_cursor() {
    if (m_cursor == m_length)
        return;
    for (size_t i = m_cursor; i + 1 < m_length; ++i)
        m_line[i] = m_line[i + 1];
    --m_length;
    redraw_from(m_cursor, true);
}

void LineEditor::move_to(size_t position) {
    if (position < m_cursor)
        cursor_left(m_cursor - position);
    else if (position > m_cursor)
        cursor_right(position - m_cursor);
    m_cursor = position;
}

void LineEditor::redraw_from(size_t from, bool shorter) {
    write(StringView(m_line + from, m_length - from));
    if (shorter)
        write(kEraseToEnd);
    cursor_left(m_length - m_cursor);
}

void LineEditor::replace_line(StringView text) {
    move_to(0);
    m_length = text.length() < kMaxLine ? text.length() : kMaxLine;
    copy(m_line, text.data(), m_length);
    m_cursor = m_length;
    write(StringView(m_line, m_length));
    write(kEraseToEnd);
}

void LineEditor::history_up() {
    if (m_browse == 0)
        return;
    if (m_browse == m_history_count) {
        copy(m_draft, m_line, m_length);
        m_draft_length = m_length;
    }
    --m_browse;
    replace_line(StringView(m_history[m_browse], m_history_lengths[m_browse]));
}

void LineEditor::history_down() {
    if (m_browse == m_history_count)
        return;
    ++m_browse;
    if (m_browse == m_history_count)
        replace_line(StringView(m_draft, m_draft_length));
    else
        replace_line(StringView(m_history[m_browse], m_history_lengths[m_browse]));
}

LineEditor::Event LineEditor::finish_line() {
    write("\n");
    // Repeating the newest entry adds nothing to walk through.
    bool repeat =
        m_history_count > 0 && line() == StringView(m_history[m_history_count - 1],
                                                    m_history_lengths[m_history_count - 1]);
    if (m_length > 0 && !repeat) {
        if (m_history_count == kHistoryLines) {
            for (size_t i = 1; i < kHistoryLines; ++i) {
                copy(m_history[i - 1], m_history[i], m_history_lengths[i]);
                m_history_lengths[i - 1] = m_history_lengths[i];
            }
            --m_history_count;
        }
        copy(m_history[m_history_count], m_line, m_length);
        m_history_lengths[m_history_count++] = m_length;
    }
    m_browse = m_history_count;
    return Event::Line;
}

void LineEditor::cursor_left(size_t columns) {
    if (columns == 0)
        return;
    // ESC [ n D; n fits in three digits since a line is at most kMaxLine.
    char text[8] = {'\x1b', '['};
    size_t length = 2;
    char digits[4];
    size_t count = 0;
    for (size_t value = columns; value > 0; value /= 10)
        digits[count++] = char('0' + value % 10);
    while (count > 0)
        text[length++] = digits[--count];
    text[length++] = 'D';
    write(StringView(text, length));
}

void LineEditor::cursor_right(size_t columns) {
    // The characters themselves put the cursor where it belongs, whatever the terminal.
    write(StringView(m_line + m_cursor, columns));
}

} // namespace mica::shell
