#pragma once
// panic(), ASSERT, DEBUG_ASSERT and unimplemented(). A panic prints the message, where it came
// from and a symbolized backtrace, then stops the machine (powering QEMU off with a failure status
// when the kernel runs tests, so a test run never hangs on a panic).

#include <lib/format.h>
#include <lib/source_location.h>

namespace mica {

// A format string that remembers where it was written, so panic() can take both a variadic
// argument list and the caller's location.
struct LocatedPattern {
    template <typename T>
    constexpr LocatedPattern(const T& text, SourceLocation where = SourceLocation::current())
        : pattern(text), location(where) {}

    StringView pattern;
    SourceLocation location;
};

[[noreturn]] void panic_with_args(const LocatedPattern& pattern, Span<const FormatArg> args);

template <typename... Args>
[[noreturn]] void panic(LocatedPattern pattern, const Args&... args) {
    if constexpr (sizeof...(Args) == 0) {
        panic_with_args(pattern, {});
    } else {
        const FormatArg packed[] = {FormatArg(args)...};
        panic_with_args(pattern, Span<const FormatArg>(packed, sizeof...(Args)));
    }
}

// For a feature an ISA or board does not have yet: fails loudly, naming the file and line.
[[noreturn]] void unimplemented(const char* what, SourceLocation where = SourceLocation::current());

namespace panic_policy {
// When set (the kernel runs tests), a panic powers the machine off with a failure status instead
// of halting, so automated runs end by themselves.
void set_power_off_on_panic(bool enabled);
} // namespace panic_policy

} // namespace mica

#define ASSERT(condition)                                                                          \
    do {                                                                                           \
        if (!(condition)) [[unlikely]]                                                             \
            ::mica::panic("ASSERT failed: {}", #condition);                                        \
    } while (0)

#ifdef MICA_DEBUG
#define DEBUG_ASSERT(condition) ASSERT(condition)
#else
#define DEBUG_ASSERT(condition)                                                                    \
    do {                                                                                           \
        (void)sizeof(condition);                                                                   \
    } while (0)
#endif
