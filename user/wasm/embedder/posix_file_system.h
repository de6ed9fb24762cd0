#pragma once
// WasiFileSystem over a host directory (a preopen of the host embedder). Paths arrive normalised
// and relative to the root (wasi/path.h); every component is opened with O_NOFOLLOW under its
// parent, starting from the root's descriptor, so a symbolic link inside the tree cannot lead
// out of it (it answers ELOOP/ENOTDIR instead).

#include <wasm/wasi/host.h>

#include <map>
#include <string>
#include <vector>

namespace mica::wasm::embedder {

class PosixFileSystem final : public wasi::WasiFileSystem {
public:
    // Opens `root`; is_open() says whether that worked.
    explicit PosixFileSystem(const std::string& root);
    ~PosixFileSystem();
    PosixFileSystem(const PosixFileSystem&) = delete;
    PosixFileSystem& operator=(const PosixFileSystem&) = delete;
    bool is_open() const { return m_root >= 0; }

    wasi::Errno open(StringView path, const wasi::OpenRequest& request, Handle& handle) override;
    void close(Handle handle) override;
    wasi::Errno stat(Handle handle, wasi::FileStat& stat) override;
    wasi::Errno stat_path(StringView path, wasi::FileStat& stat) override;
    wasi::Errno read(Handle handle, uint64_t offset, Span<uint8_t> bytes, size_t& read) override;
    wasi::Errno write(Handle handle, uint64_t offset, Span<const uint8_t> bytes,
                      size_t& written) override;
    wasi::Errno read_directory(Handle handle, uint64_t index, wasi::DirectoryEntry& entry,
                               bool& at_end) override;
    wasi::Errno create_directory(StringView path) override;
    wasi::Errno remove_directory(StringView path) override;
    wasi::Errno unlink_file(StringView path) override;
    wasi::Errno rename(StringView from, StringView to) override;

private:
    struct Entry {
        std::string name;
        wasi::FileType type;
        uint64_t inode;
    };
    struct OpenFile {
        int fd = -1;
        bool listed = false;
        std::vector<Entry> entries; // directories: read once, sorted by name
    };
    // The parent directory of `path` (a new descriptor the caller closes) and the last
    // component ("." for the root).
    wasi::Errno open_parent(StringView path, int& parent, std::string& leaf);
    OpenFile* find(Handle handle);

    int m_root = -1;
    Handle m_next = 1;
    std::map<Handle, OpenFile> m_files;
};

} // namespace mica::wasm::embedder
