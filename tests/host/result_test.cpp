#include <gtest/gtest.h>
#include <lib/fixed_vector.h>
#include <lib/optional.h>
#include <lib/result.h>

using namespace mica;

namespace {

Result<int> parse_digit(char c) {
    if (c < '0' || c > '9')
        return Error::InvalidArgument;
    return c - '0';
}

Result<int> sum_digits(const char* text) {
    int sum = 0;
    for (; *text; ++text)
        sum += TRY(parse_digit(*text));
    return sum;
}

Result<void> must_be_even(int value) {
    if (value % 2)
        return Error::OutOfRange;
    return {};
}

Result<int> half_of_even(int value) {
    TRY(must_be_even(value));
    return value / 2;
}

struct MoveOnly {
    explicit MoveOnly(int v) : value(v) {}
    MoveOnly(MoveOnly&& other) : value(other.value) { other.value = -1; }
    MoveOnly(const MoveOnly&) = delete;
    int value;
};

} // namespace

TEST(Result, ValueAndError) {
    Result<int> ok = parse_digit('7');
    ASSERT_TRUE(ok.is_ok());
    EXPECT_EQ(ok.value(), 7);
    Result<int> bad = parse_digit('x');
    ASSERT_TRUE(bad.is_error());
    EXPECT_EQ(bad.error(), Error::InvalidArgument);
    EXPECT_EQ(bad.value_or(3), 3);
}

TEST(Result, TryPropagatesTheFirstError) {
    EXPECT_EQ(sum_digits("123").value(), 6);
    Result<int> bad = sum_digits("12x3");
    ASSERT_TRUE(bad.is_error());
    EXPECT_EQ(bad.error(), Error::InvalidArgument);
}

TEST(Result, VoidResults) {
    EXPECT_EQ(half_of_even(8).value(), 4);
    EXPECT_EQ(half_of_even(7).error(), Error::OutOfRange);
}

TEST(Result, MoveOnlyValues) {
    Result<MoveOnly> result = MoveOnly(5);
    MoveOnly taken = result.release_value();
    EXPECT_EQ(taken.value, 5);
}

TEST(Error, EveryErrorHasAName) {
    for (Error e : {Error::InvalidArgument, Error::OutOfRange, Error::NotFound, Error::NoMemory,
                    Error::Malformed, Error::Truncated, Error::Unsupported, Error::Full,
                    Error::AlreadyExists, Error::TimedOut})
        EXPECT_STRNE(error_name(e), "unknown error");
}

TEST(FixedVector, AppendUntilFullThenError) {
    FixedVector<int, 3> v;
    EXPECT_TRUE(v.try_append(1).is_ok());
    EXPECT_TRUE(v.try_append(2).is_ok());
    EXPECT_TRUE(v.try_append(3).is_ok());
    Result<void> full = v.try_append(4);
    ASSERT_TRUE(full.is_error());
    EXPECT_EQ(full.error(), Error::Full);
    EXPECT_EQ(v.size(), 3u);
    v.remove_at(0);
    EXPECT_EQ(v[0], 2);
    EXPECT_EQ(v[1], 3);
    EXPECT_EQ(v.size(), 2u);
}

TEST(Optional, EmptyAndFull) {
    Optional<int> none;
    EXPECT_FALSE(none.has_value());
    EXPECT_EQ(none.value_or(9), 9);
    Optional<int> some = 4;
    EXPECT_TRUE(some.has_value());
    EXPECT_EQ(some.value(), 4);
}
