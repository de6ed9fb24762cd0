#pragma once
// The bytes of a module or of standard input, named on wasm-run's command line: a path with a
// leading '/' is read whole through the filesystem service (`/tmp/apps/wc/wc.wasm`), any other
// name is a boot archive entry (`wc.wasm`), used in place.

#include <lib/span.h>
#include <lib/string_view.h>
#include <mica/boot_archive.h>
#include <mica/vfs.h>

namespace mica::wasm_run {

class InputFile {
public:
    InputFile() = default;
    InputFile(const InputFile&) = delete;
    InputFile& operator=(const InputFile&) = delete;
    ~InputFile() { delete[] m_owned; }

    // Prints "wasm-run: NAME: reason" and returns false if the file cannot be had. `archive` or
    // `files` may be null when there is none (the error then says so).
    bool load(StringView name, const BootArchive* archive, vfs::Client* files);

    Bytes bytes() const { return m_bytes; }

private:
    bool read_through(vfs::Client& files, StringView path);

    Bytes m_bytes;
    uint8_t* m_owned = nullptr; // the copy read from the filesystem
};

} // namespace mica::wasm_run
