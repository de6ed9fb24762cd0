// Tests of kernel/lib/format: the placeholder syntax, every argument kind, and BufferSink.

#include <lib/format.h>

#include <gtest/gtest.h>

#include <climits>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>

namespace mica {

// A type that formats itself through ADL, as kernel types do.
struct Frame {
    uint64_t number;
};
void format_value(FormatSink& sink, const Frame& frame) { format(sink, "frame#{}", frame.number); }

namespace {

template <typename... Args>
std::string fmt(StringView pattern, const Args&... args) {
    char buffer[1024];
    StringView text = format_to_buffer(buffer, sizeof buffer, pattern, args...);
    return std::string(text.data(), text.length());
}

TEST(Format, LiteralsAndPlaceholders) {
    EXPECT_EQ(fmt(""), "");
    EXPECT_EQ(fmt("plain text"), "plain text");
    EXPECT_EQ(fmt("{}", 42), "42");
    EXPECT_EQ(fmt("a{}b{}c", 1, 2), "a1b2c");
    EXPECT_EQ(fmt("{}{}{}", 1, "two", '3'), "1two3");
    EXPECT_EQ(fmt("{:}", 7), "7");
    EXPECT_EQ(fmt("extra args are ignored", 1, 2), "extra args are ignored");
}

TEST(Format, Braces) {
    EXPECT_EQ(fmt("{{}}"), "{}");
    EXPECT_EQ(fmt("{{{}}}", 5), "{5}");
    EXPECT_EQ(fmt("a {{ b }} c"), "a { b } c");
    EXPECT_EQ(fmt("lone } stays"), "lone } stays");
    EXPECT_EQ(fmt("unclosed { stays", 1), "unclosed { stays");
    EXPECT_EQ(fmt("{", 1), "{");
}

TEST(Format, MissingArgumentsPrintAMarker) {
    EXPECT_EQ(fmt("{}"), "{?}");
    EXPECT_EQ(fmt("{} {} {}", 1), "1 {?} {?}");
    EXPECT_EQ(fmt("{:x}"), "{?}");
}

TEST(Format, BadSpecs) {
    EXPECT_EQ(fmt("{x}", 1), "{bad format}");
    EXPECT_EQ(fmt("{0}", 1), "{bad format}");
    EXPECT_EQ(fmt("{:xx}", 1), "{bad format}");
    EXPECT_EQ(fmt("{:5<<}", 1), "{bad format}");
    EXPECT_EQ(fmt("{:z}", 1), "{bad format}");   // not a type
    EXPECT_EQ(fmt("{:999}", 1), "{bad format}"); // wider than the formatter allows
    // A bad placeholder does not use up an argument.
    EXPECT_EQ(fmt("{:q} {}", 1), "{bad format} 1");
}

TEST(Format, Integers) {
    EXPECT_EQ(fmt("{}", 0), "0");
    EXPECT_EQ(fmt("{}", -1), "-1");
    EXPECT_EQ(fmt("{}", 123456789012345ll), "123456789012345");
    EXPECT_EQ(fmt("{}", UINT64_MAX), "18446744073709551615");
    EXPECT_EQ(fmt("{}", INT64_MAX), "9223372036854775807");
    EXPECT_EQ(fmt("{}", INT64_MIN), "-9223372036854775808");
    EXPECT_EQ(fmt("{:d}", INT64_MIN), "-9223372036854775808");
    EXPECT_EQ(fmt("{}", int8_t(-128)), "-128");
    EXPECT_EQ(fmt("{}", uint8_t(255)), "255");
    EXPECT_EQ(fmt("{}", short(-300)), "-300");
    EXPECT_EQ(fmt("{}", 40000u), "40000");
}

TEST(Format, Bases) {
    EXPECT_EQ(fmt("{:x}", 255), "ff");
    EXPECT_EQ(fmt("{:X}", 255), "FF");
    EXPECT_EQ(fmt("{:#x}", 255), "0xff");
    EXPECT_EQ(fmt("{:#X}", 255), "0XFF");
    EXPECT_EQ(fmt("{:b}", 5), "101");
    EXPECT_EQ(fmt("{:#b}", 5), "0b101");
    EXPECT_EQ(fmt("{:o}", 8), "10");
    EXPECT_EQ(fmt("{:#o}", 8), "0o10");
    EXPECT_EQ(fmt("{:#x}", 0), "0x0");
    EXPECT_EQ(fmt("{:x}", UINT64_MAX), "ffffffffffffffff");
    EXPECT_EQ(fmt("{:b}", UINT64_MAX), std::string(64, '1'));
    EXPECT_EQ(fmt("{:#b}", UINT64_MAX), "0b" + std::string(64, '1'));
    // Negative numbers in other bases show their two's-complement bits.
    EXPECT_EQ(fmt("{:x}", int64_t(-1)), "ffffffffffffffff");
    EXPECT_EQ(fmt("{:#x}", INT64_MIN), "0x8000000000000000");
    EXPECT_EQ(fmt("{:d}", 0x10u), "16");
}

TEST(Format, WidthFillAlign) {
    EXPECT_EQ(fmt("{:5}", 42), "   42");   // numbers default to the right
    EXPECT_EQ(fmt("{:5}", "ab"), "ab   "); // text to the left
    EXPECT_EQ(fmt("{:<5}", 42), "42   ");
    EXPECT_EQ(fmt("{:>5}", "ab"), "   ab");
    EXPECT_EQ(fmt("{:*<6}", 42), "42****");
    EXPECT_EQ(fmt("{:->6}", "ab"), "----ab");
    EXPECT_EQ(fmt("{:>>3}", 1), ">>1");
    EXPECT_EQ(fmt("{:2}", 12345), "12345"); // never cut
    EXPECT_EQ(fmt("{:0}", 7), "7");
    EXPECT_EQ(fmt("[{:40}]", 1), "[" + std::string(39, ' ') + "1]");
    EXPECT_EQ(fmt("{:.>5}", 'c'), "....c");
    EXPECT_EQ(fmt("{:6}", true), "true  ");
}

TEST(Format, ZeroPadding) {
    EXPECT_EQ(fmt("{:05}", 42), "00042");
    EXPECT_EQ(fmt("{:05}", -42), "-0042");
    EXPECT_EQ(fmt("{:08x}", 0xbeef), "0000beef");
    EXPECT_EQ(fmt("{:#010x}", 0xbeef), "0x0000beef");
    EXPECT_EQ(fmt("{:#018x}", 0x80000000u), "0x0000000080000000");
    EXPECT_EQ(fmt("{:#06b}", 5), "0b0101");
    EXPECT_EQ(fmt("{:02}", 12345), "12345");
    // An explicit alignment turns zero padding off (fill and align win).
    EXPECT_EQ(fmt("{:<05}", 42), "42   ");
    // Wide zero padding is all zeros, however wide.
    EXPECT_EQ(fmt("{:0100}", 5), std::string(99, '0') + "5");
    EXPECT_EQ(fmt("{:#0100x}", 5), "0x" + std::string(97, '0') + "5");
    EXPECT_EQ(fmt("{:0100}", -5), "-" + std::string(98, '0') + "5");
}

TEST(Format, Chars) {
    EXPECT_EQ(fmt("{}", 'A'), "A");
    EXPECT_EQ(fmt("{:c}", 'A'), "A");
    EXPECT_EQ(fmt("{:d}", 'A'), "65");
    EXPECT_EQ(fmt("{:#x}", 'A'), "0x41");
    EXPECT_EQ(fmt("{:c}", 66), "B");
    EXPECT_EQ(fmt("{:c}", 67u), "C");
    EXPECT_EQ(fmt("{:3}", 'z'), "z  ");
}

TEST(Format, Bools) {
    EXPECT_EQ(fmt("{}", true), "true");
    EXPECT_EQ(fmt("{}", false), "false");
    EXPECT_EQ(fmt("{:>7}", false), "  false");
}

TEST(Format, Strings) {
    EXPECT_EQ(fmt("{}", "hello"), "hello");
    EXPECT_EQ(fmt("{}", StringView("hello", 3)), "hel");
    char mutable_text[] = "mutable";
    EXPECT_EQ(fmt("{}", mutable_text), "mutable");
    const char* null_text = nullptr;
    EXPECT_EQ(fmt("{}", null_text), "(null)");
    EXPECT_EQ(fmt("{}", StringView()), "");
    EXPECT_EQ(fmt("[{:s}]", "s"), "[s]");
    EXPECT_EQ(fmt("{}", Error::NotFound), "not found");
    // A pattern that is itself a bounded view stops at its end.
    EXPECT_EQ(fmt(StringView("{}xyz", 3), 1), "1x");
}

TEST(Format, Pointers) {
    int object = 0;
    char expected[32];
    snprintf(expected, sizeof expected, "0x%llx",
             static_cast<unsigned long long>(reinterpret_cast<uintptr_t>(&object)));
    EXPECT_EQ(fmt("{}", static_cast<void*>(&object)), expected);
    EXPECT_EQ(fmt("{:p}", static_cast<const void*>(&object)), expected);
    EXPECT_EQ(fmt("{}", nullptr), "0x0");
    EXPECT_EQ(fmt("{}", static_cast<void*>(nullptr)), "0x0");
    EXPECT_EQ(fmt("{:#018}", reinterpret_cast<void*>(0x1000)), "0x0000000000001000");
    EXPECT_EQ(fmt("{:x}", reinterpret_cast<void*>(0xabc)), "abc");
    volatile uint32_t reg = 0;
    EXPECT_EQ(fmt("{}", &reg).substr(0, 2), "0x");
}

TEST(Format, CustomTypes) {
    EXPECT_EQ(fmt("{}", Frame{7}), "frame#7");
    EXPECT_EQ(fmt("[{}|{}]", Frame{1}, Frame{2}), "[frame#1|frame#2]");
}

TEST(Format, BufferSinkTruncatesAndTerminates) {
    char buffer[8];
    std::memset(buffer, 'x', sizeof buffer);
    BufferSink sink(buffer, sizeof buffer);
    EXPECT_EQ(buffer[0], '\0'); // empty but terminated from the start
    format(sink, "{}", "abc");
    EXPECT_FALSE(sink.truncated());
    EXPECT_STREQ(buffer, "abc");
    format(sink, "{}", 123456789);
    EXPECT_TRUE(sink.truncated());
    EXPECT_EQ(sink.view().length(), sizeof buffer - 1);
    EXPECT_STREQ(buffer, "abc1234");
    format(sink, "more");
    EXPECT_STREQ(buffer, "abc1234");

    char exact[4];
    BufferSink fits(exact, sizeof exact);
    format(fits, "abc");
    EXPECT_FALSE(fits.truncated());
    EXPECT_STREQ(exact, "abc");

    char one[1] = {'x'};
    BufferSink tiny(one, 1);
    format(tiny, "a");
    EXPECT_TRUE(tiny.truncated());
    EXPECT_EQ(one[0], '\0');
    EXPECT_TRUE(tiny.view().is_empty());

    BufferSink none(nullptr, 0);
    format(none, "");
    EXPECT_FALSE(none.truncated());
    format(none, "a");
    EXPECT_TRUE(none.truncated());

    char small[6];
    EXPECT_EQ(std::string(format_to_buffer(small, sizeof small, "{:#x}", 0x123456).data()),
              "0x123");
}

} // namespace
} // namespace mica
