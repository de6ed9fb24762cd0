#pragma once
// The app registry: where `install` unpacks bundles (user/apps/bundle) and where `launch`,
// `list` and `remove` find them (commands_apps.cpp).
//
//   <root>/apps/<name>/              the bundle's entries as files: manifest, modules, resources
//   <root>/appdata/<name>/<dir>/     one data directory per directory the manifest requests
//
// <root> is /disk when the data disk is mounted (apps survive a reboot), else /tmp.

#include <lib/format.h>
#include <lib/span.h>
#include <lib/string_view.h>
#include <mica/vfs.h>

namespace mica::shell {

// A path built from a format pattern (kernel/lib/format.h); refuses what would not fit rather
// than cutting it.
class Path {
public:
    template <typename... Args>
    bool set(StringView pattern, const Args&... args) {
        BufferSink sink(m_bytes, sizeof m_bytes);
        format(sink, pattern, args...);
        m_length = sink.view().length();
        return !sink.truncated();
    }
    StringView view() const { return StringView(m_bytes, m_length); }

    static constexpr size_t kMaxBytes = 192;

private:
    char m_bytes[kMaxBytes];
    size_t m_length = 0;
};

// "/disk" if the data disk is mounted, else "/tmp".
StringView registry_root(vfs::Client& files);

// Makes the directory unless it already exists.
vfs::Status ensure_directory(vfs::Client& files, StringView path);

// Writes `data` as the whole of the file at `path` (created or truncated).
vfs::Status write_whole_file(vfs::Client& files, StringView path, Bytes data);

// Reads the whole file at `path` into `buffer`; `length` gets its size. NoSpace if it is larger
// than the buffer.
vfs::Status read_whole_file(vfs::Client& files, StringView path, Span<uint8_t> buffer,
                            size_t& length);

// Removes the files of a flat directory (the registry's app directories hold no
// subdirectories), then the directory itself.
vfs::Status remove_flat_directory(vfs::Client& files, StringView path);

} // namespace mica::shell
