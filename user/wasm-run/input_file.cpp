#include "input_file.h"

#include <mica/heap.h>
#include <mica/print.h>

namespace mica::wasm_run {

bool InputFile::load(StringView name, const BootArchive* archive, vfs::Client* files) {
    if (name.starts_with("/")) {
        if (!files) {
            println("wasm-run: {}: no filesystem service (wasm-run was given no Filesystem "
                    "endpoint)",
                    name);
            return false;
        }
        return read_through(*files, name);
    }
    if (!archive) {
        println("wasm-run: {}: no boot archive", name);
        return false;
    }
    auto file = archive->file(name);
    if (file.is_error()) {
        println("wasm-run: {}: {}", name, file.error());
        return false;
    }
    m_bytes = file.value();
    return true;
}

bool InputFile::read_through(vfs::Client& files, StringView path) {
    auto file = vfs::File::open(files, path, vfs::open_flags::kRead);
    if (file.is_error()) {
        println("wasm-run: {}: {}", path, vfs::protocol::status_name(file.error()));
        return false;
    }
    auto record = file.value().stat();
    if (record.is_error()) {
        println("wasm-run: {}: {}", path, vfs::protocol::status_name(record.error()));
        return false;
    }
    uint64_t size = record.value().size;
    m_owned = new (std::nothrow) uint8_t[size ? size : 1];
    if (!m_owned) {
        println("wasm-run: {}: out of memory for its {} bytes", path, size);
        return false;
    }
    auto read = file.value().read_at(0, Span<uint8_t>(m_owned, size));
    if (read.is_error()) {
        println("wasm-run: {}: {}", path, vfs::protocol::status_name(read.error()));
        return false;
    }
    // A read is short only at the end: the file shrank since stat, and what is left is all.
    m_bytes = Bytes(m_owned, read.value());
    return true;
}

} // namespace mica::wasm_run
