#pragma once
// The filesystem service's path rules, as pure code (host-tested: tests/host/vfs_path_test.cpp).
//
//   NormalizedPath path;
//   if (path.parse("/tmp/./a/../b") == PathError::None)   // path.text() == "/tmp/b"
//       for (StringView name : path.components()) ...     // "tmp", "b"
//
// A path is absolute and '/'-separated; repeated and trailing slashes mean nothing; "." is
// dropped and ".." removes the component before it, stopping at the root (so no path escapes
// it). Components are UTF-8 of at most kMaxNameBytes bytes; NUL and malformed UTF-8 are refused.

#include <lib/span.h>
#include <lib/string_view.h>

namespace mica::vfs {

// The service checks these equal the protocol's (mica/protocol/vfs.h), which the host tests
// cannot include (libmica's include folder would shadow the host's C headers).
constexpr size_t kPathMaxBytes = 1024;
constexpr size_t kPathMaxNameBytes = 255;
constexpr size_t kPathMaxDepth = 64;

enum class PathError {
    None,
    BadPath,     // empty, relative, NUL, malformed UTF-8, deeper than kPathMaxDepth
    NameTooLong, // a component over kPathMaxNameBytes, or the input over kPathMaxBytes
};

const char* path_error_name(PathError error);

// True if `text` is well-formed UTF-8 (no overlong forms, surrogates or values past U+10FFFF).
bool is_valid_utf8(StringView text);

class NormalizedPath {
public:
    NormalizedPath() = default;
    NormalizedPath(const NormalizedPath&) = delete;
    NormalizedPath& operator=(const NormalizedPath&) = delete;

    PathError parse(StringView input);

    // "/" for the root, otherwise "/a/b" without a trailing slash.
    StringView text() const { return StringView(m_text, m_length); }
    // The names from the root down; views into text().
    Span<const StringView> components() const { return Span<const StringView>(m_names, m_count); }
    bool is_root() const { return m_count == 0; }

private:
    char m_text[kPathMaxBytes + 1] = {'/'};
    size_t m_length = 1;
    StringView m_names[kPathMaxDepth];
    size_t m_count = 0;
};

} // namespace mica::vfs
