#include <gtest/gtest.h>
#include <lib/command_line.h>
#include <lib/span.h>
#include <lib/string_view.h>

using namespace mica;

TEST(StringView, CompareAndSearch) {
    StringView s("serial@9000000");
    EXPECT_EQ(s.length(), 14u);
    EXPECT_TRUE(s.starts_with("serial"));
    EXPECT_FALSE(s.starts_with("serial@90000000"));
    EXPECT_TRUE(s.ends_with("9000000"));
    EXPECT_EQ(s.find('@'), 6u);
    EXPECT_EQ(s.find('#'), StringView::kNotFound);
    EXPECT_TRUE(s.contains("l@9"));
    EXPECT_FALSE(s.contains("xyz"));
    EXPECT_EQ(s.substring(7), StringView("9000000"));
    EXPECT_EQ(s.substring(99), StringView(""));
    EXPECT_EQ(s.substring(3, 99), StringView("ial@9000000"));
}

TEST(StringView, BoundedStopsAtNulOrLimit) {
    const char unterminated[4] = {'a', 'b', 'c', 'd'};
    EXPECT_EQ(StringView::from_bounded(unterminated, 4), StringView("abcd"));
    EXPECT_EQ(StringView::from_bounded("ab\0cd", 5), StringView("ab"));
}

TEST(Span, SubspanIsClamped) {
    int values[] = {1, 2, 3, 4};
    Span<int> all(values);
    EXPECT_EQ(all.size(), 4u);
    EXPECT_EQ(all.subspan(1, 2).size(), 2u);
    EXPECT_EQ(all.subspan(3, 10).size(), 1u);
    EXPECT_TRUE(all.subspan(5).is_empty());
}

TEST(CommandLine, FlagsAndValues) {
    CommandLine line("  test  crash=illegal test.filter=trap. quiet ");
    EXPECT_TRUE(line.has_flag("test"));
    EXPECT_TRUE(line.has_flag("quiet"));
    EXPECT_FALSE(line.has_flag("tes"));
    EXPECT_FALSE(line.has_flag("crash")); // a key=value word is not a flag
    ASSERT_TRUE(line.value("crash").has_value());
    EXPECT_EQ(line.value("crash").value(), StringView("illegal"));
    EXPECT_EQ(line.value("test.filter").value(), StringView("trap."));
    EXPECT_FALSE(line.value("test").has_value());
    EXPECT_FALSE(CommandLine("").has_flag("test"));
}
