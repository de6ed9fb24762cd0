#pragma once
// Resolving a path the module passes against a directory descriptor without leaving its
// preopened directory: the result is the path relative to the preopen's root, normalised as
// WasiFileSystem expects ("" for the root, components joined by '/', no "." or ".."). A ".."
// that would climb above the root, an absolute path, and a NUL inside the path are refused;
// symbolic links are the file system's business (it must not follow them out of the root).

#include <lib/string_view.h>
#include <wasm/wasi/types.h>

namespace mica::wasm::wasi {

constexpr size_t kMaxPathLength = 1024;

struct PathBuffer {
    char chars[kMaxPathLength + 1] = {};
    size_t length = 0;
    StringView view() const { return StringView(chars, length); }
};

// `base`: the directory's own path under the root (already normalised). Errors: NotCapable
// (escapes the root or is absolute), Invalid (NUL byte), NameTooLong.
Errno resolve_path(StringView base, StringView path, PathBuffer& out);

} // namespace mica::wasm::wasi
