#pragma once
// The user-space test framework: registration, expectations and the runner, in the spirit of
// GoogleTest but small enough for a freestanding program without a heap.
//
//   TEST(endpoint_call_needs_write) {
//       EXPECT_EQ(sys::endpoint_call(...), Status::AccessDenied);
//       ASSERT_OK(sys::memory_object_create(4096, 0, &raw));   // returns from the test on failure
//   }
//
// TEST() registers the case from a static constructor (libmica runs .init_array before main), in
// source order within a file and link order between files. A failed expectation prints
// `file:line: what failed` with both values, marks the running test failed and goes on; ASSERT_*
// also leaves the test. The runner (run_all) starts each test on a thread of its own and waits for
// it with a deadline, so one test that hangs in the kernel is reported as such and the suite goes
// on (the hung thread is left blocked; process_exit ends it with the process).

#include <abi/ipc_buffer.h>
#include <abi/mica_abi.h>
#include <lib/format.h>
#include <lib/string_view.h>
#include <lib/utility.h>
#include <mica/print.h>
#include <mica/sys_result.h>

namespace mica::abi {
// EXPECT_EQ prints the operands it compares; these give the ABI's enums readable names.
void format_value(FormatSink& sink, Status status);
void format_value(FormatSink& sink, ObjectType type);
void format_value(FormatSink& sink, Rights rights);
} // namespace mica::abi

namespace mica::test {

struct TestCase {
    const char* name;
    void (*function)();
    TestCase* next = nullptr;
};

struct Registrar {
    explicit Registrar(TestCase& test);
};

// Runs every registered test whose name contains `filter` (empty: all), prints one line per
// test and then "N passed, N failed" on a line of its own. Returns the number of failures.
int run_all(StringView filter);

// The IPC buffer of the thread the running test runs on (each test has a thread of its own).
abi::IpcBuffer& ipc_buffer();

// Marks the running test failed, after printing `file:line: ` and the message.
void report_failure(const char* file, int line, StringView message);

template <typename T>
void describe(FormatSink& sink, const T& value) {
    if constexpr (Integral<T> && !kIsSame<T, bool> && !kIsSame<T, char>)
        format(sink, "{} ({:#x})", value, value);
    else
        format(sink, "{}", value);
}

// Compares integers of any width and signedness by value (-1 is not 0xffff...), everything else
// with ==.
template <typename A, typename B>
constexpr bool values_equal(const A& a, const B& b) {
    if constexpr (Integral<A> && Integral<B>)
        return static_cast<__int128>(a) == static_cast<__int128>(b);
    else
        return a == b;
}

template <typename A, typename B>
bool expect_eq(const A& actual, const B& expected, const char* actual_text,
               const char* expected_text, const char* file, int line) {
    if (values_equal(actual, expected))
        return true;
    char text[320];
    BufferSink sink(text, sizeof text);
    format(sink, "EXPECT_EQ({}, {}) failed\n    actual:   ", actual_text, expected_text);
    describe(sink, actual);
    format(sink, "\n    expected: ");
    describe(sink, expected);
    report_failure(file, line, sink.view());
    return false;
}

template <typename A, typename B>
bool expect_ne(const A& actual, const B& unexpected, const char* actual_text,
               const char* unexpected_text, const char* file, int line) {
    if (!values_equal(actual, unexpected))
        return true;
    char text[320];
    BufferSink sink(text, sizeof text);
    format(sink, "EXPECT_NE({}, {}) failed: both are ", actual_text, unexpected_text);
    describe(sink, actual);
    report_failure(file, line, sink.view());
    return false;
}

// For ordered integers: EXPECT_GE / EXPECT_LE.
template <typename A, typename B>
bool expect_order(bool holds, const A& left, const B& right, const char* text, const char* file,
                  int line) {
    if (holds)
        return true;
    char buffer[320];
    BufferSink sink(buffer, sizeof buffer);
    format(sink, "{} failed\n    left:  ", text);
    describe(sink, left);
    format(sink, "\n    right: ");
    describe(sink, right);
    report_failure(file, line, sink.view());
    return false;
}

// EXPECT_OK takes a syscall's status or a libmica SysResult.
inline abi::Status status_of(abi::Status status) { return status; }
template <typename T>
abi::Status status_of(const SysResult<T>& result) {
    return result.is_ok() ? abi::Status::Ok : result.error().status;
}

inline bool expect_true(bool value, const char* text, const char* file, int line) {
    if (value)
        return true;
    char buffer[240];
    report_failure(file, line,
                   format_to_buffer(buffer, sizeof buffer, "EXPECT_TRUE({}) failed", text));
    return false;
}

} // namespace mica::test

#define MICA_TEST_CONCAT2(a, b) a##b
#define MICA_TEST_CONCAT(a, b) MICA_TEST_CONCAT2(a, b)

#define TEST(name)                                                                                 \
    static void test_body_##name();                                                                \
    static ::mica::test::TestCase test_case_##name{#name, test_body_##name};                       \
    static ::mica::test::Registrar test_registrar_##name(test_case_##name);                        \
    static void test_body_##name()

// A case that shows a known kernel bug: compiled, so it stays correct, but not run until the fix
// lands; the suite names it on every run so the gap stays visible.
struct KnownBug {
    KnownBug(const char* name, const char* reason) {
        ::mica::println("tests: KNOWN BUG, not run: {} ({})", name, reason);
    }
};
#define KNOWN_BUG_TEST(name, reason)                                                               \
    [[maybe_unused]] static void test_body_##name();                                               \
    static KnownBug known_bug_##name{#name, reason};                                               \
    [[maybe_unused]] static void test_body_##name()

#define EXPECT_EQ(actual, expected)                                                                \
    ::mica::test::expect_eq((actual), (expected), #actual, #expected, __FILE__, __LINE__)
#define EXPECT_NE(actual, unexpected)                                                              \
    ::mica::test::expect_ne((actual), (unexpected), #actual, #unexpected, __FILE__, __LINE__)
#define EXPECT_TRUE(condition)                                                                     \
    ::mica::test::expect_true(bool(condition), #condition, __FILE__, __LINE__)
#define EXPECT_FALSE(condition)                                                                    \
    ::mica::test::expect_true(!bool(condition), "!(" #condition ")", __FILE__, __LINE__)
#define EXPECT_GE(left, right)                                                                     \
    ({                                                                                             \
        auto&& _left = (left);                                                                     \
        auto&& _right = (right);                                                                   \
        ::mica::test::expect_order(static_cast<__int128>(_left) >= static_cast<__int128>(_right),  \
                                   _left, _right, "EXPECT_GE(" #left ", " #right ")", __FILE__,    \
                                   __LINE__);                                                      \
    })
#define EXPECT_LE(left, right)                                                                     \
    ({                                                                                             \
        auto&& _left = (left);                                                                     \
        auto&& _right = (right);                                                                   \
        ::mica::test::expect_order(static_cast<__int128>(_left) <= static_cast<__int128>(_right),  \
                                   _left, _right, "EXPECT_LE(" #left ", " #right ")", __FILE__,    \
                                   __LINE__);                                                      \
    })
#define EXPECT_OK(status) EXPECT_EQ(::mica::test::status_of(status), ::mica::abi::Status::Ok)

// The ASSERT_ forms leave the test (return) when the expectation fails.
#define ASSERT_EQ(actual, expected)                                                                \
    do {                                                                                           \
        if (!EXPECT_EQ(actual, expected))                                                          \
            return;                                                                                \
    } while (0)
#define ASSERT_NE(actual, unexpected)                                                              \
    do {                                                                                           \
        if (!EXPECT_NE(actual, unexpected))                                                        \
            return;                                                                                \
    } while (0)
#define ASSERT_TRUE(condition)                                                                     \
    do {                                                                                           \
        if (!EXPECT_TRUE(condition))                                                               \
            return;                                                                                \
    } while (0)
#define ASSERT_OK(status) ASSERT_EQ(::mica::test::status_of(status), ::mica::abi::Status::Ok)
