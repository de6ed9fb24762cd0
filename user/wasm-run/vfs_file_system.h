#pragma once
// WasiFileSystem over the filesystem service (libmica's vfs client): one preopened directory of
// wasm-run, rooted at an absolute VFS path such as /tmp/x. The WASI layer has already confined
// and normalised every path (wasi/path.h), so this only joins it to the root; the VFS has no
// symbolic links, so joining cannot lead out of the root.
//
// Open files and directories live in a fixed table of slots (the VFS session allows
// protocol::kMaxOpenFilesPerSession files; a directory listing holds one while it is read).

#include <lib/span.h>
#include <lib/string_view.h>
#include <mica/vfs.h>
#include <wasm/wasi/host.h>

namespace mica::wasm_run {

class VfsFileSystem final : public wasm::wasi::WasiFileSystem {
public:
    // `root` must stay valid as long as this object (wasm-run passes its argv). It is checked
    // when the first call needs it, so a bad root is the module's error, not wasm-run's.
    VfsFileSystem(vfs::Client& client, StringView root) : m_client(client), m_root(root) {}
    ~VfsFileSystem();
    VfsFileSystem(const VfsFileSystem&) = delete;
    VfsFileSystem& operator=(const VfsFileSystem&) = delete;

    // Whether the root is a directory that exists (wasm-run checks this before running).
    vfs::Status check_root();

    wasm::wasi::Errno open(StringView path, const wasm::wasi::OpenRequest& request,
                           Handle& handle) override;
    void close(Handle handle) override;
    wasm::wasi::Errno stat(Handle handle, wasm::wasi::FileStat& stat) override;
    wasm::wasi::Errno stat_path(StringView path, wasm::wasi::FileStat& stat) override;
    wasm::wasi::Errno read(Handle handle, uint64_t offset, Span<uint8_t> bytes,
                           size_t& read) override;
    wasm::wasi::Errno write(Handle handle, uint64_t offset, Span<const uint8_t> bytes,
                            size_t& written) override;
    wasm::wasi::Errno read_directory(Handle handle, uint64_t index,
                                     wasm::wasi::DirectoryEntry& entry, bool& at_end) override;
    wasm::wasi::Errno create_directory(StringView path) override;
    wasm::wasi::Errno remove_directory(StringView path) override;
    wasm::wasi::Errno unlink_file(StringView path) override;
    wasm::wasi::Errno rename(StringView from, StringView to) override;

private:
    static constexpr size_t kMaxOpen = vfs::protocol::kMaxOpenFilesPerSession;
    static constexpr size_t kPathBytes = vfs::protocol::kMaxPathBytes;

    // A file (`file` set) or a directory (`path` kept; the listing is opened when read).
    struct Slot {
        bool used = false;
        vfs::File* file = nullptr;
        char path[kPathBytes];
        size_t path_length = 0;
        vfs::Directory* listing = nullptr; // positioned at `listed` entries
        uint64_t listed = 0;
        vfs::Entry entry; // the last entry handed out (its name must outlive the call)

        StringView path_view() const { return StringView(path, path_length); }
    };

    // root + "/" + relative into `out`; false if it does not fit a VFS path.
    bool join(StringView relative, char (&out)[kPathBytes], size_t& length) const;
    Slot* find(Handle handle);
    Slot* allocate(Handle& handle);
    void release(Slot& slot);

    vfs::Client& m_client;
    StringView m_root;
    Slot m_slots[kMaxOpen];
};

} // namespace mica::wasm_run
