#pragma once
// Type-safe formatting with "{}" placeholders, for the kernel console, panic messages and tests.
//
//   format(sink, "{} frames free at {:#018x}", count, address);
//
// A placeholder is {[:[fill]align][#][0][width][type]}: align is < or >, type one of
// d x X b o c s p. "{{" and "}}" print braces. A placeholder without an argument prints "{?}"
// rather than reading past the argument list. Types outside the built-in set format themselves
// through a free function `void format_value(FormatSink&, const T&)` found by ADL.

#include <lib/error.h>
#include <lib/span.h>
#include <lib/string_view.h>
#include <lib/utility.h>

namespace mica {

class FormatSink {
public:
    virtual void write(StringView text) = 0;

protected:
    ~FormatSink() = default;
};

// Formats into a caller-provided buffer, truncating when full; the text is always NUL-terminated.
class BufferSink final : public FormatSink {
public:
    BufferSink(char* buffer, size_t capacity);
    void write(StringView text) override;

    StringView view() const { return StringView(m_buffer, m_length); }
    bool truncated() const { return m_truncated; }

private:
    char* m_buffer;
    size_t m_capacity;
    size_t m_length = 0;
    bool m_truncated = false;
};

class FormatArg {
public:
    enum class Kind { Signed, Unsigned, Bool, Char, String, Pointer, Custom };
    using CustomFormatter = void (*)(FormatSink&, const void*);

    template <SignedIntegral T>
    constexpr FormatArg(T value) : m_kind(Kind::Signed) {
        m_signed = value;
    }
    template <UnsignedIntegral T>
    constexpr FormatArg(T value) : m_kind(Kind::Unsigned) {
        m_unsigned = value;
    }
    constexpr FormatArg(bool value) : m_kind(Kind::Bool) { m_unsigned = value; }
    constexpr FormatArg(char value) : m_kind(Kind::Char) { m_unsigned = uint8_t(value); }
    constexpr FormatArg(StringView value) : m_kind(Kind::String), m_string(value) {}
    constexpr FormatArg(const char* value)
        : m_kind(Kind::String), m_string(value ? StringView(value) : StringView("(null)")) {}
    constexpr FormatArg(char* value) : FormatArg(static_cast<const char*>(value)) {}
    constexpr FormatArg(Error error) : FormatArg(error_name(error)) {}
    FormatArg(const volatile void* value) : m_kind(Kind::Pointer) {
        m_unsigned = reinterpret_cast<uintptr_t>(value);
    }
    FormatArg(decltype(nullptr)) : m_kind(Kind::Pointer) { m_unsigned = 0; }

    template <typename T>
        requires requires(FormatSink& sink, const T& value) { format_value(sink, value); }
    FormatArg(const T& value) : m_kind(Kind::Custom) {
        m_custom.object = &value;
        m_custom.formatter = [](FormatSink& sink, const void* object) {
            format_value(sink, *static_cast<const T*>(object));
        };
    }

    Kind kind() const { return m_kind; }
    int64_t as_signed() const { return m_signed; }
    uint64_t as_unsigned() const { return m_unsigned; }
    StringView as_string() const { return m_string; }
    void format_custom(FormatSink& sink) const { m_custom.formatter(sink, m_custom.object); }

private:
    Kind m_kind;
    union {
        int64_t m_signed;
        uint64_t m_unsigned;
        StringView m_string;
        struct {
            const void* object;
            CustomFormatter formatter;
        } m_custom;
    };
};

void vformat(FormatSink& sink, StringView pattern, Span<const FormatArg> args);

template <typename... Args>
void format(FormatSink& sink, StringView pattern, const Args&... args) {
    if constexpr (sizeof...(Args) == 0) {
        vformat(sink, pattern, {});
    } else {
        const FormatArg packed[] = {FormatArg(args)...};
        vformat(sink, pattern, Span<const FormatArg>(packed, sizeof...(Args)));
    }
}

// Formats into `buffer` and returns a view of the result (truncated if the buffer is short).
template <typename... Args>
StringView format_to_buffer(char* buffer, size_t capacity, StringView pattern,
                            const Args&... args) {
    BufferSink sink(buffer, capacity);
    format(sink, pattern, args...);
    return sink.view();
}

} // namespace mica
