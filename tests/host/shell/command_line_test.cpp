// Splitting shell lines into words (user/shell/command_line.cpp).

#include <gtest/gtest.h>
#include <shell/command_line.h>

#include <string>
#include <vector>

namespace {

using mica::shell::CommandLine;
using mica::shell::CommandParser;

struct Parsed {
    bool ok = false;
    std::string error;
    std::vector<std::string> words;
    bool background = false;
    std::string redirect;
};

Parsed parse(const std::string& line, int64_t status = 0) {
    static CommandParser parser;
    CommandLine command;
    const char* error = nullptr;
    Parsed parsed;
    parsed.ok = parser.parse(mica::StringView(line.data(), line.size()), status, command, error);
    if (!parsed.ok) {
        parsed.error = error;
        return parsed;
    }
    for (size_t i = 0; i < command.count; ++i)
        parsed.words.emplace_back(command.words[i].data(), command.words[i].length());
    parsed.background = command.background;
    parsed.redirect.assign(command.redirect.data(), command.redirect.length());
    return parsed;
}

using Words = std::vector<std::string>;

TEST(CommandLine, SplitsAtSpacesAndTabs) {
    EXPECT_EQ(parse("  echo \t a  b ").words, (Words{"echo", "a", "b"}));
    EXPECT_TRUE(parse("   ").ok);
    EXPECT_TRUE(parse("").words.empty());
}

TEST(CommandLine, QuotesKeepSpaces) {
    EXPECT_EQ(parse("echo \"a  b\" c\"d e\"").words, (Words{"echo", "a  b", "cd e"}));
    EXPECT_EQ(parse("echo \"\"").words, (Words{"echo", ""}));
    EXPECT_EQ(parse("echo \"oops").error, "unterminated quote");
}

TEST(CommandLine, DollarQuestionIsTheLastStatus) {
    EXPECT_EQ(parse("echo $?", 0).words, (Words{"echo", "0"}));
    EXPECT_EQ(parse("echo status=$? \"($?)\"", 127).words, (Words{"echo", "status=127", "(127)"}));
    EXPECT_EQ(parse("echo $?", -257).words, (Words{"echo", "-257"}));
    EXPECT_EQ(parse("echo $ ?$").words, (Words{"echo", "$", "?$"}));
}

TEST(CommandLine, TrailingAmpersandMeansBackground) {
    Parsed parsed = parse("run hello &");
    EXPECT_TRUE(parsed.background);
    EXPECT_EQ(parsed.words, (Words{"run", "hello"}));
    EXPECT_EQ(parse("run & hello").error, "'&' must end the line");
    EXPECT_EQ(parse("echo \"&\"").words, (Words{"echo", "&"}));
    EXPECT_EQ(parse("&").error, "no command");
}

TEST(CommandLine, RedirectionNamesOneFile) {
    Parsed parsed = parse("echo hi > /tmp/a");
    EXPECT_EQ(parsed.words, (Words{"echo", "hi"}));
    EXPECT_EQ(parsed.redirect, "/tmp/a");
    EXPECT_EQ(parse("echo hi >").error, "'>' without a file");
    EXPECT_EQ(parse("echo > a > b").error, "more than one '>'");
    EXPECT_EQ(parse("echo > a b").error, "words after the '>' file");
    EXPECT_EQ(parse("echo \">\"").words, (Words{"echo", ">"}));
}

TEST(CommandLine, LimitsAreErrorsNotOverflows) {
    std::string many = "w";
    for (size_t i = 0; i < CommandLine::kMaxWords; ++i)
        many += " w";
    EXPECT_EQ(parse(many).error, "too many words");
    EXPECT_EQ(parse(std::string(CommandParser::kStorageBytes + 1, 'x')).error, "line too long");
}

} // namespace
