#pragma once
// The in-kernel test framework. KTEST(suite, name) registers a test in the .ktests linker section;
// the kernel runs them all when its command line says `test`, prints each result and the line
// "N passed, N failed", then powers the machine off with a status the QEMU runner checks.
//
//   KTEST(format, pads_numbers) {
//       KEXPECT_EQ(format_to_buffer(buf, sizeof buf, "{:4}", 7), StringView("   7"));
//   }

#include <core/console.h>
#include <lib/source_location.h>
#include <lib/string_view.h>

namespace mica::ktest {

class Context {
public:
    // Records a failed check. Tests keep running after a failure so one run shows every problem.
    void fail(StringView what, SourceLocation where);
    unsigned failures() const { return m_failures; }

    bool check(bool ok, StringView expression, SourceLocation where) {
        if (!ok)
            fail(expression, where);
        return ok;
    }

    template <typename A, typename B>
    bool check_equal(const A& actual, const B& expected, StringView expression,
                     SourceLocation where) {
        if (actual == expected)
            return true;
        fail(expression, where);
        println("         actual:   {}", actual);
        println("         expected: {}", expected);
        return false;
    }

private:
    unsigned m_failures = 0;
};

struct alignas(8) Test {
    const char* name;
    void (*run)(Context&);
};

struct Summary {
    unsigned passed = 0;
    unsigned failed = 0;
};

// Runs every registered test whose name starts with `filter` (all when empty).
Summary run_all(StringView filter);

} // namespace mica::ktest

#define KTEST(suite, name)                                                                         \
    static void ktest_##suite##_##name(::mica::ktest::Context&);                                   \
    [[gnu::used,                                                                                   \
      gnu::section(".ktests")]] static const ::mica::ktest::Test ktest_record_##suite##_##name = { \
        #suite "." #name, ktest_##suite##_##name};                                                 \
    static void ktest_##suite##_##name([[maybe_unused]] ::mica::ktest::Context& ktest_context)

#define KEXPECT(condition)                                                                         \
    ktest_context.check(bool(condition), #condition, ::mica::SourceLocation::current())

#define KEXPECT_EQ(actual, expected)                                                               \
    ktest_context.check_equal((actual), (expected), #actual " == " #expected,                      \
                              ::mica::SourceLocation::current())

// Stops the current test when the condition fails (later checks would only repeat the failure).
#define KASSERT(condition)                                                                         \
    do {                                                                                           \
        if (!KEXPECT(condition))                                                                   \
            return;                                                                                \
    } while (0)
