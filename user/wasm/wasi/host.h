#pragma once
// What WASI needs from whoever runs the module: its streams, clocks and randomness (WasiHost),
// and, per preopened directory, a file system (WasiFileSystem). The WASI layer (wasi.h) owns
// the descriptor table, the checks of every pointer the module passes, and the sandboxing of
// paths: a WasiFileSystem only ever sees normalised paths relative to its root ("" is the root;
// no ".", "..", empty components or leading '/'). The host side must still refuse to follow a
// symbolic link out of the root.
//
// Both are interfaces so the same WASI code runs in the host embedder (POSIX files, stdio) and
// inside Mica (debug_write today, the console and VFS services later).

#include <lib/span.h>
#include <lib/string_view.h>
#include <wasm/wasi/types.h>

namespace mica::wasm::wasi {

enum class Stream : uint8_t { In = 0, Out = 1, Error = 2 };

class WasiHost {
public:
    // Writes all of `bytes` (a short write is an error the module sees as Errno::Io).
    virtual Errno write(Stream stream, Span<const uint8_t> bytes) = 0;
    // Reads up to bytes.size() from standard input; 0 bytes at the end of input.
    virtual Errno read(Stream stream, Span<uint8_t> bytes, size_t& read) = 0;
    // Nanoseconds: Realtime since the Unix epoch, Monotonic since an arbitrary start.
    virtual Errno clock_now(ClockId clock, uint64_t& nanoseconds) = 0;
    virtual Errno clock_resolution(ClockId clock, uint64_t& nanoseconds) = 0;
    // Blocks until the monotonic clock reaches `deadline`.
    virtual void sleep_until(uint64_t monotonic_deadline) = 0;
    virtual Errno random(Span<uint8_t> bytes) = 0;
    virtual void yield() = 0;

protected:
    ~WasiHost() = default;
};

struct FileStat {
    FileType type = FileType::Unknown;
    uint64_t device = 0;
    uint64_t inode = 0;
    uint64_t links = 1;
    uint64_t size = 0;
    uint64_t access_time = 0; // nanoseconds since the Unix epoch
    uint64_t modify_time = 0;
    uint64_t change_time = 0;
};

struct OpenRequest {
    bool read = false;
    bool write = false;
    bool create = false;
    bool exclusive = false;
    bool truncate = false;
    bool directory = false; // must be a directory
};

struct DirectoryEntry {
    FileType type = FileType::Unknown;
    uint64_t inode = 0;
    StringView name; // valid until the next call on the file system
};

class WasiFileSystem {
public:
    using Handle = uint64_t;

    virtual Errno open(StringView path, const OpenRequest& request, Handle& handle) = 0;
    virtual void close(Handle handle) = 0;
    virtual Errno stat(Handle handle, FileStat& stat) = 0;
    virtual Errno stat_path(StringView path, FileStat& stat) = 0;
    virtual Errno read(Handle handle, uint64_t offset, Span<uint8_t> bytes, size_t& read) = 0;
    virtual Errno write(Handle handle, uint64_t offset, Span<const uint8_t> bytes,
                        size_t& written) = 0;
    // The entry at `index` of an open directory, in a stable order without "." and "..";
    // `at_end` when there are no more.
    virtual Errno read_directory(Handle handle, uint64_t index, DirectoryEntry& entry,
                                 bool& at_end) = 0;
    virtual Errno create_directory(StringView path) = 0;
    virtual Errno remove_directory(StringView path) = 0;
    virtual Errno unlink_file(StringView path) = 0;
    virtual Errno rename(StringView from, StringView to) = 0;

protected:
    ~WasiFileSystem() = default;
};

} // namespace mica::wasm::wasi
