#pragma once
// The module's file descriptors: 0-2 are the host's streams, then one per preopened directory,
// then whatever path_open returns. Each records what it refers to, its rights (path_open can
// only narrow them) and, for files, the offset fd_read/fd_write/fd_seek use, which WASI keeps
// itself so a WasiFileSystem only needs positioned reads and writes.

#include <wasm/wasi/host.h>
#include <wasm/wasi/path.h>

namespace mica::wasm::wasi {

struct Preopen {
    StringView guest_path; // what fd_prestat_dir_name reports, e.g. "/sandbox" or "."
    WasiFileSystem* file_system = nullptr;
};

enum class DescriptorKind : uint8_t { Free, Stream, Directory, File };

struct Descriptor {
    DescriptorKind kind = DescriptorKind::Free;
    Stream stream = Stream::In;
    bool is_preopen = false;
    uint16_t flags = 0;   // fdflags
    uint32_t preopen = 0; // which preopen's file system (directories and files)
    WasiFileSystem::Handle handle = 0;
    uint64_t rights = 0;
    uint64_t inheriting = 0;
    uint64_t offset = 0;
    PathBuffer path; // directories: their path under the preopen's root
};

class DescriptorTable {
public:
    static constexpr uint32_t kMaxDescriptors = 64;

    // The live descriptor `fd`, or nullptr.
    Descriptor* get(uint32_t fd);
    // A free slot (the lowest, as POSIX does), or nullptr when all are taken.
    Descriptor* allocate(uint32_t& fd);
    void release(uint32_t fd) { m_descriptors[fd] = Descriptor{}; }

private:
    Descriptor m_descriptors[kMaxDescriptors];
};

} // namespace mica::wasm::wasi
