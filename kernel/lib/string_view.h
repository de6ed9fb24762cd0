#pragma once
// A non-owning view of characters. Boot blobs (DTB strings, multiboot2 tags, command lines) are
// parsed in place, so nearly every string in the early kernel is a StringView.

#include <lib/types.h>

namespace mica {

class StringView {
public:
    static constexpr size_t kNotFound = ~size_t{0};

    constexpr StringView() = default;
    constexpr StringView(const char* chars, size_t length) : m_chars(chars), m_length(length) {}
    constexpr StringView(const char* c_string) : m_chars(c_string), m_length(length_of(c_string)) {}

    // A view of a NUL-terminated string that may not be terminated within `limit` bytes.
    static constexpr StringView from_bounded(const char* chars, size_t limit) {
        size_t n = 0;
        while (n < limit && chars[n] != '\0')
            ++n;
        return StringView(chars, n);
    }

    constexpr const char* data() const { return m_chars; }
    constexpr size_t length() const { return m_length; }
    constexpr bool is_empty() const { return m_length == 0; }
    constexpr char operator[](size_t i) const { return m_chars[i]; }
    constexpr const char* begin() const { return m_chars; }
    constexpr const char* end() const { return m_chars + m_length; }

    constexpr StringView substring(size_t start, size_t count = kNotFound) const {
        if (start > m_length)
            return {};
        size_t available = m_length - start;
        return StringView(m_chars + start, count < available ? count : available);
    }

    constexpr bool starts_with(StringView prefix) const {
        return prefix.m_length <= m_length && substring(0, prefix.m_length) == prefix;
    }

    constexpr bool ends_with(StringView suffix) const {
        return suffix.m_length <= m_length && substring(m_length - suffix.m_length) == suffix;
    }

    constexpr size_t find(char c, size_t from = 0) const {
        for (size_t i = from; i < m_length; ++i) {
            if (m_chars[i] == c)
                return i;
        }
        return kNotFound;
    }

    constexpr bool contains(StringView needle) const {
        if (needle.m_length > m_length)
            return false;
        for (size_t i = 0; i + needle.m_length <= m_length; ++i) {
            if (substring(i, needle.m_length) == needle)
                return true;
        }
        return false;
    }

    constexpr bool operator==(StringView other) const {
        if (m_length != other.m_length)
            return false;
        for (size_t i = 0; i < m_length; ++i) {
            if (m_chars[i] != other.m_chars[i])
                return false;
        }
        return true;
    }

private:
    static constexpr size_t length_of(const char* s) {
        size_t n = 0;
        while (s && s[n])
            ++n;
        return n;
    }

    const char* m_chars = nullptr;
    size_t m_length = 0;
};

} // namespace mica
