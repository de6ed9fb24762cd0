// The shell's line editor (user/shell/line_editor.cpp): byte sequences a terminal sends, the line
// they leave and what the editor draws on the screen.

#include <gtest/gtest.h>
#include <shell/line_editor.h>

#include <string>

namespace {

using mica::StringView;
using mica::shell::LineEditor;
using Event = LineEditor::Event;

class Screen final : public mica::shell::Terminal {
public:
    void write(StringView text) override { output.append(text.data(), text.length()); }
    std::string output;
};

struct Editor {
    Screen screen;
    LineEditor editor{screen};

    Editor() { editor.start("> "); }

    // Feeds every byte; returns the last event that was not None.
    Event type(const std::string& bytes) {
        Event last = Event::None;
        for (char byte : bytes) {
            Event event = editor.feed(uint8_t(byte));
            if (event != Event::None)
                last = event;
        }
        return last;
    }
    std::string line() const { return std::string(editor.line().data(), editor.line().length()); }
    // Starts the next line with a clean screen record.
    void next() {
        editor.start("> ");
        screen.output.clear();
    }
};

const std::string kLeft = "\x1b[D", kRight = "\x1b[C", kUp = "\x1b[A", kDown = "\x1b[B";
const std::string kHome = "\x1b[H", kEnd = "\x1b[F", kDeleteKey = "\x1b[3~";

TEST(LineEditor, TypedTextIsEchoedAndFinishedByEnter) {
    Editor e;
    EXPECT_EQ(e.type("echo hi"), Event::None);
    EXPECT_EQ(e.type("\r"), Event::Line);
    EXPECT_EQ(e.line(), "echo hi");
    EXPECT_EQ(e.screen.output, "> echo hi\n");
}

TEST(LineEditor, CarriageReturnLineFeedFinishesOneLine) {
    Editor e;
    EXPECT_EQ(e.type("a\r"), Event::Line);
    e.next();
    // The LF of CR LF is swallowed; a second LF is an empty line of its own.
    EXPECT_EQ(e.type("\n"), Event::None);
    EXPECT_EQ(e.type("\n"), Event::Line);
    EXPECT_EQ(e.line(), "");
}

TEST(LineEditor, InsertInTheMiddleRedrawsTheTail) {
    Editor e;
    e.type("ac");
    e.screen.output.clear();
    e.type(kLeft + "b");
    EXPECT_EQ(e.screen.output, "\x1b[1D"
                               "bc\x1b[1D");
    EXPECT_EQ(e.editor.cursor(), 2u);
    e.type("\r");
    EXPECT_EQ(e.line(), "abc");
}

TEST(LineEditor, BackspaceRemovesTheCharacterBeforeTheCursor) {
    Editor e;
    e.type("abc");
    e.screen.output.clear();
    e.type("\x7f");
    EXPECT_EQ(e.screen.output, "\x1b[1D\x1b[K");
    e.type(kLeft + "\x08"); // ^H works too: removes 'a'
    e.type("\r");
    EXPECT_EQ(e.line(), "b");
}

TEST(LineEditor, BackspaceAtTheStartDoesNothing) {
    Editor e;
    e.type("x" + kHome);
    e.screen.output.clear();
    e.type("\x7f");
    EXPECT_EQ(e.screen.output, "");
    e.type("\r");
    EXPECT_EQ(e.line(), "x");
}

TEST(LineEditor, DeleteRemovesTheCharacterUnderTheCursor) {
    Editor e;
    e.type("abc" + kHome);
    e.screen.output.clear();
    e.type(kDeleteKey);
    EXPECT_EQ(e.screen.output, "bc\x1b[K\x1b[2D");
    e.type(kEnd + kDeleteKey + "\r"); // at the end: nothing to delete
    EXPECT_EQ(e.line(), "bc");
}

TEST(LineEditor, HomeAndEndInEveryEncoding) {
    Editor e;
    e.type("hello");
    for (const std::string& home :
         {kHome, std::string("\x1b[1~"), std::string("\x1bOH"), std::string("\x01")}) {
        e.type(home);
        EXPECT_EQ(e.editor.cursor(), 0u);
        e.type(kEnd);
        EXPECT_EQ(e.editor.cursor(), 5u);
    }
    for (const std::string& end :
         {std::string("\x1b[4~"), std::string("\x1bOF"), std::string("\x05")}) {
        e.type(kHome);
        e.type(end);
        EXPECT_EQ(e.editor.cursor(), 5u);
    }
}

TEST(LineEditor, LeftAndRightStopAtTheEnds) {
    Editor e;
    e.type("ab" + kLeft + kLeft + kLeft);
    EXPECT_EQ(e.editor.cursor(), 0u);
    e.screen.output.clear();
    e.type(kRight + kRight + kRight);
    EXPECT_EQ(e.editor.cursor(), 2u);
    EXPECT_EQ(e.screen.output, "ab"); // moving right redraws the characters passed over
}

TEST(LineEditor, HistoryWalksBackAndForthAndKeepsTheDraft) {
    Editor e;
    e.type("first\r");
    e.next();
    e.type("second\r");
    e.next();
    e.type("dra");
    e.type(kUp);
    EXPECT_EQ(e.editor.cursor(), 6u);
    e.type(kUp);
    e.type(kUp); // nothing older: stays on "first"
    e.screen.output.clear();
    e.type(kDown);
    EXPECT_EQ(e.screen.output, "\x1b[5Dsecond\x1b[K");
    e.type(kDown + "ft\r");
    EXPECT_EQ(e.line(), "draft");
    EXPECT_EQ(e.editor.history_size(), 3u);
}

TEST(LineEditor, HistoryLineCanBeEditedAndRun) {
    Editor e;
    e.type("echo one\r");
    e.next();
    e.type(kUp + "\x7f\x7f\x7f" + "two\r");
    EXPECT_EQ(e.line(), "echo two");
}

TEST(LineEditor, EmptyAndRepeatedLinesStayOutOfHistory) {
    Editor e;
    e.type("\r");
    e.next();
    e.type("same\r");
    e.next();
    e.type("same\r");
    EXPECT_EQ(e.editor.history_size(), 1u);
}

TEST(LineEditor, HistoryKeepsTheNewestLines) {
    Editor e;
    for (size_t i = 0; i < LineEditor::kHistoryLines + 3; ++i) {
        e.type("cmd" + std::to_string(i) + "\r");
        e.next();
    }
    EXPECT_EQ(e.editor.history_size(), LineEditor::kHistoryLines);
    for (size_t i = 0; i < LineEditor::kHistoryLines; ++i)
        e.type(kUp);
    e.type("\r");
    EXPECT_EQ(e.line(), "cmd3");
}

TEST(LineEditor, ControlCAbandonsTheLine) {
    Editor e;
    e.type("oops");
    e.screen.output.clear();
    EXPECT_EQ(e.type("\x03"), Event::Interrupt);
    EXPECT_EQ(e.screen.output, "^C\n");
    EXPECT_EQ(e.line(), "");
}

TEST(LineEditor, ControlDEndsInputOnlyOnAnEmptyLine) {
    Editor e;
    EXPECT_EQ(e.type("x\x04"), Event::None);
    EXPECT_EQ(e.type("\x7f\x04"), Event::EndOfInput);
}

TEST(LineEditor, UnknownSequencesAndControlBytesAreIgnored) {
    Editor e;
    e.type("a\x1b[1;5C\x1b[99~\x1bxq\x02\t\x80\r");
    // ESC x is not a sequence: the x is dropped with the ESC; q is typed.
    EXPECT_EQ(e.line(), "aq");
}

TEST(LineEditor, FullLineRingsTheBell) {
    Editor e;
    e.type(std::string(LineEditor::kMaxLine, 'z'));
    e.screen.output.clear();
    e.type("y");
    EXPECT_EQ(e.screen.output, "\a");
    e.type("\r");
    EXPECT_EQ(e.line(), std::string(LineEditor::kMaxLine, 'z'));
}

} // namespace
